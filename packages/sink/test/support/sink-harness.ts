import type { ClickHouseClient } from '@clickhouse/client';
import type { Admin, Kafka } from 'kafkajs';
import { qualifiedName, type PipelineConfig, type WindowResult } from '@sluice/core';
import { ensureTopics } from '@sluice/kafka';

/** Creates the results topic with three partitions and sends `results` to the partition of their source partition. */
export async function produceResults(kafka: Kafka, topic: string, results: readonly WindowResult[], raw: readonly { value: string; partition: number }[] = []): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [{ topic, partitions: 3 }]);
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = [
      ...results.map((result) => ({ key: `${result.view}|${result.windowStart}|${result.group.join('|')}`, value: JSON.stringify(result), partition: result.partition % 3 })),
      ...raw.map(({ value, partition }) => ({ key: null, value, partition })),
    ];
    for (let index = 0; index < messages.length; index += 500) await producer.send({ topic, messages: messages.slice(index, index + 500), acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

/** True when the group has committed every partition of `topic` up to its end. */
export async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => {
    // A partition that never held a record has nothing to commit.
    if (BigInt(end.high) <= BigInt(end.low)) return true;
    const done = committed?.partitions.find((partition) => partition.partition === end.partition);
    return done !== undefined && BigInt(done.offset) >= BigInt(end.high);
  });
}

/** One row of the `pages` serving view, numbers as numbers. */
export interface PageRow {
  readonly window_start: number;
  readonly page: string;
  readonly source: string;
  readonly measures: Record<string, number | null>;
}

/** The `pages` serving view, ordered by window and page. */
export async function readPages(client: ClickHouseClient, config: PipelineConfig): Promise<PageRow[]> {
  const view = config.views.find((candidate) => candidate.name === 'pages');
  if (!view) throw new Error('fixture has no pages view');
  const rows = await (
    await client.query({
      query: `SELECT toUnixTimestamp64Milli(window_start) AS ws, * FROM ${qualifiedName(config.clickhouse.database, 'pages')} ORDER BY window_start, page`,
      format: 'JSONEachRow',
    })
  ).json<Record<string, unknown>>();
  return rows.map((row) => ({
    window_start: Number(row['ws']),
    page: String(row['page']),
    source: String(row['source']),
    measures: Object.fromEntries(view.measures.map((measure) => [measure.name, row[measure.name] === null ? null : Number(row[measure.name])])),
  }));
}

/** Sorts rows by (window_start, page) in the serving view's order (bytewise, as ClickHouse sorts strings). */
export function byWindowAndPage<T extends { window_start: number; page: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.window_start - b.window_start || Buffer.compare(Buffer.from(a.page), Buffer.from(b.page)));
}

/** Expects two measure values to agree: exactly for integers, to 1e-9 relative for floats. */
export function sameNumber(actual: number | null | undefined, expected: number | null | undefined): boolean {
  if (actual === null || actual === undefined || expected === null || expected === undefined) return actual === expected || (actual ?? null) === (expected ?? null);
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}
