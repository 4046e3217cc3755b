import type { TopicUsage } from '@sluice/core';
import type { Admin, SeekEntry } from 'kafkajs';

/** One partition's ends as the admin API gives them: `low` is the log start offset, `high` the high watermark. */
export type PartitionEnds = Pick<SeekEntry, 'partition'> & { readonly low: string; readonly high: string };

/**
 * Records a topic retains: high watermark minus log start, summed over the
 * partitions. Records, not bytes: kafkajs 2.x cannot send DescribeLogDirs
 * (its request table marks the API not implemented), so this is what the
 * public admin API can tell about a topic's size.
 */
export function retainedRecords(partitions: readonly PartitionEnds[]): number {
  return partitions.reduce((sum, { low, high }) => sum + Math.max(0, Number(high) - Number(low)), 0);
}

/**
 * The retained records of a topic, read from its partitions' leaders through
 * the admin client; undefined while the topic does not exist (another role
 * creates it), since kafkajs retries the offsets of a missing topic for long.
 */
export async function readTopicUsage(admin: Admin, topic: string): Promise<TopicUsage | undefined> {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  return { topic, records: retainedRecords(await admin.fetchTopicOffsets(topic)) };
}
