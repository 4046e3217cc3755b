import { createClickHouse, toClickHouseOperationError } from '@sluice/clickhouse';
import { readerClickHouseSettings } from '@sluice/core';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

const OUTPUT_FORMATS = ['json', 'table'] as const;

/**
 * `sluice query -c FILE "SQL" [--format table]`: runs SQL on the configured
 * ClickHouse (embedded, served or a server) and prints JSONEachRow, or an
 * aligned table for people. A statement with its own FORMAT clause prints as is.
 */
export const queryCommand: Command = {
  name: ['query'],
  summary: 'run SQL on the configured ClickHouse and print JSONEachRow (or a table)',
  usage: 'query -c sluice.yaml "SQL" [--format json|table]',
  options: { ...configOption, format: { type: 'string', short: 'f', default: 'json' } },
  async run({ options, positionals, stdout, stderr, env }) {
    const sql = positionals.join(' ').trim();
    const format = String(options['format']);
    if (sql === '') {
      stderr.write('query: give the SQL to run, e.g. sluice query -c sluice.yaml "SELECT 1"\n');
      return 2;
    }
    if (!OUTPUT_FORMATS.includes(format as (typeof OUTPUT_FORMATS)[number])) {
      stderr.write(`query: --format must be one of ${OUTPUT_FORMATS.join(', ')} (got ${format})\n`);
      return 2;
    }
    const config = await loadPipelineFile(String(options['config']), env);
    const clickhouse = await createClickHouse(readerClickHouseSettings(config.clickhouse));
    try {
      // exec sends the statement as written, so DDL, SELECT and SHOW all work; default_format only fills in a missing FORMAT.
      const result = await clickhouse.client.exec({ query: sql, clickhouse_settings: { default_format: 'JSONEachRow' } });
      const chunks: Buffer[] = [];
      for await (const chunk of result.stream) {
        if (format === 'json') stdout.write(chunk as Buffer);
        else chunks.push(chunk as Buffer);
      }
      if (format === 'table') stdout.write(renderTable(Buffer.concat(chunks).toString('utf8')));
      return 0;
    } catch (error) {
      const failure = toClickHouseOperationError(error);
      const code = failure.clickhouseCode === undefined ? failure.code : `${failure.code} (${failure.clickhouseCode})`;
      stderr.write(`query: ${code}: ${failure.message}\n`);
      return 1;
    } finally {
      await clickhouse.close();
    }
  },
};

/** JSONEachRow lines as an aligned text table; numbers right-aligned. */
function renderTable(jsonEachRow: string): string {
  const rows = jsonEachRow
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  if (rows.length === 0) return '(no rows)\n';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((line) => line[index]?.length ?? 0)));
  const numeric = columns.map((column) => rows.every((row) => typeof row[column] === 'number' || row[column] === null || row[column] === undefined));
  const line = (values: readonly string[], alignNumbers: boolean) =>
    values.map((value, index) => (alignNumbers && numeric[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0))).join('  ').trimEnd();
  const header = line(columns, false);
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body = cells.map((values) => line(values, true));
  const noun = rows.length === 1 ? 'row' : 'rows';
  return `${[header, rule, ...body].join('\n')}\n(${rows.length} ${noun})\n`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
