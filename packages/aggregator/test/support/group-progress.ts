import { decodeCommitMetadata } from '../../src';
import { testKafka } from '../../../../test/support/kafka';

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

/** A small seeded PRNG (mulberry32), so kill points repeat run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
