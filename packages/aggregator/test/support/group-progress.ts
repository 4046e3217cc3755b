import { decodeCommitMetadata } from '../../src';
import { testKafka } from '../../../../test/support/kafka';
import { seededRandom } from '../../../../test/support/seeded-random';

/**
 * True when the group has committed, for every partition of `topic`, the
 * partition's end both as replay point and as next offset: every record read,
 * every window closed, every result acknowledged.
 */
export async function groupFinished(groupId: string, topic: string): Promise<boolean> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every((end) => {
      const partition = committed?.partitions.find((candidate) => candidate.partition === end.partition);
      if (!partition) return false;
      const stored = decodeCommitMetadata(partition.metadata);
      return partition.offset === end.high && (stored?.nextOffset ?? -1) === Number(end.high);
    });
  } finally {
    await admin.disconnect();
  }
}

export { seededRandom };

/**
 * True when some partition of `topic` has a commit whose replay point lies
 * below its next offset: the group committed while windows were open, so an
 * instance killed now must rebuild them by replay.
 */
export async function groupCommittedOpenWindows(groupId: string, topic: string): Promise<boolean> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (committed?.partitions ?? []).some((partition) => {
      const stored = decodeCommitMetadata(partition.metadata);
      return stored !== undefined && Number(partition.offset) >= 0 && Number(partition.offset) < stored.nextOffset;
    });
  } finally {
    await admin.disconnect();
  }
}
