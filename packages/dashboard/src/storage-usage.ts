import { formatBytes, generatedTableNames, parsePrometheusText, type PipelineConfig, type TableUsageReader } from '@sluice/core';

/** One table of the storage panel: its size in bytes and as people read it. */
export interface TableSize {
  readonly table: string;
  readonly bytes: number;
  readonly size: string;
  readonly rows: number;
}

/** One topic of the storage panel, with its retained records. */
export interface TopicSize {
  readonly topic: string;
  readonly records: number;
}

/** The storage panel: tables through the reader, topics from the compactor's gauges, or why those are missing. */
export interface StorageUsage {
  readonly tables: readonly TableSize[];
  readonly topics: readonly TopicSize[];
  readonly topicsError?: string;
}

/** Where the compactor, which publishes the topics' sizes, answers `/metrics` on this machine. */
export function compactorMetricsUrl(config: PipelineConfig, host = '127.0.0.1'): string {
  return `http://${host}:${config.compactor.opsPort}/metrics`;
}

/** The retained records per topic in a `/metrics` text, largest first. */
export function topicSizesFromMetrics(text: string): TopicSize[] {
  return parsePrometheusText(text)
    .filter((sample) => sample.name === 'sluice_kafka_topic_records' && sample.labels['topic'] !== undefined)
    .map((sample) => ({ topic: sample.labels['topic'] as string, records: sample.value }))
    .sort((a, b) => b.records - a.records || a.topic.localeCompare(b.topic));
}

/**
 * Reads the panel: the generated tables the reader may see (largest first),
 * and the topics from the compactor. The dashboard has no Kafka client of its
 * own, so a compactor that does not answer leaves the topics empty, with why.
 */
export async function readStorageUsage(config: PipelineConfig, usage: TableUsageReader, metricsUrl: string, timeoutMs = 1_000): Promise<StorageUsage> {
  const names = generatedTableNames(
    config.views.map((view) => view.name),
    Object.keys(config.sources),
  );
  const [tables, topics] = await Promise.all([usage.tableUsage(names), fetchTopicSizes(metricsUrl, timeoutMs)]);
  return {
    tables: tables.map(({ table, bytes, rows }) => ({ table, bytes, size: formatBytes(bytes), rows })).sort((a, b) => b.bytes - a.bytes || a.table.localeCompare(b.table)),
    ...topics,
  };
}

async function fetchTopicSizes(url: string, timeoutMs: number): Promise<{ topics: TopicSize[]; topicsError?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { topics: [], topicsError: `compactor /metrics answered ${response.status}` };
    return { topics: topicSizesFromMetrics(await response.text()) };
  } catch (error) {
    return { topics: [], topicsError: `compactor /metrics unreachable: ${(error as Error).message}` };
  }
}
