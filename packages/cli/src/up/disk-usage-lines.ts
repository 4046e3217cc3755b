import { formatBytes, type Sample } from '@sluice/core';

/** How many tables and topics a line names before it only counts the rest. */
const NAMED = 4;

/**
 * The board's disk-use lines, from the compactor's size gauges: the tables'
 * total bytes and the largest tables, the topics' retained records and the
 * largest topics. Nothing until the compactor has published a size.
 */
export function diskUsageLines(samples: readonly Sample[]): string[] {
  const tables = largestFirst(samples, 'sluice_clickhouse_table_bytes', 'table');
  const rows = new Map(samples.filter((sample) => sample.name === 'sluice_clickhouse_table_rows').map((sample) => [sample.labels['table'], sample.value]));
  const topics = largestFirst(samples, 'sluice_kafka_topic_records', 'topic');
  const lines: string[] = [];
  if (tables.length > 0) {
    const named = tables.map(({ name, value }) => `${name} ${formatBytes(value)} (${count(rows.get(name) ?? 0)} rows)`);
    lines.push(`tables: ${formatBytes(sum(tables))} on disk; ${listed(named)}`);
  }
  if (topics.length > 0) {
    lines.push(`topics: ${count(sum(topics))} records retained; ${listed(topics.map(({ name, value }) => `${name} ${count(value)}`))}`);
  }
  return lines;
}

function largestFirst(samples: readonly Sample[], metric: string, label: string): { name: string; value: number }[] {
  return samples
    .filter((sample) => sample.name === metric && sample.labels[label] !== undefined)
    .map((sample) => ({ name: sample.labels[label] as string, value: sample.value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}

const sum = (entries: readonly { value: number }[]) => entries.reduce((total, { value }) => total + value, 0);
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const listed = (items: readonly string[]) => items.slice(0, NAMED).join(', ') + (items.length > NAMED ? `, ${items.length - NAMED} more` : '');
