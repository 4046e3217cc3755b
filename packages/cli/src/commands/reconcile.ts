import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { ensureCompactorTables, reconcileReport, type ReconcileLine } from '@sluice/compactor';
import { SluiceError } from '@sluice/core';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

const COLUMNS: readonly { title: string; value: (line: ReconcileLine) => string }[] = [
  { title: 'view', value: (line) => line.view },
  { title: 'measure', value: (line) => line.measure },
  { title: 'windows', value: (line) => String(line.windows) },
  { title: 'differing', value: (line) => String(line.windows_differing) },
  { title: 'only batch', value: (line) => String(line.missing_in_speed) },
  { title: 'only speed', value: (line) => String(line.missing_in_batch) },
  { title: 'batch total', value: (line) => formatNumber(line.batch_total) },
  { title: 'speed total', value: (line) => formatNumber(line.speed_total) },
  { title: 'max |diff|', value: (line) => formatNumber(line.max_abs_difference) },
  { title: 'late', value: (line) => `${(line.late_share * 100).toFixed(2)}%` },
  { title: 'duplicates', value: (line) => `${(line.duplicate_share * 100).toFixed(2)}%` },
];

/** `sluice reconcile -c FILE [--view V]`: how the speed layer differed from batch, per view and measure. */
export const reconcileCommand: Command = {
  name: ['reconcile'],
  summary: 'print how speed rows differ from the exact batch rows (latest recomputation of every period)',
  usage: 'reconcile -c sluice.yaml [--view V] [--json]',
  options: { ...configOption, view: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ options, stdout, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const wanted = options['view'] === undefined ? undefined : String(options['view']);
    const views = config.views.filter((view) => wanted === undefined || view.name === wanted);
    if (views.length === 0) throw new SluiceError('UNKNOWN_VIEW', `--view ${String(wanted)} is not a view of this pipeline; views: ${config.views.map((v) => v.name).join(', ')}`);
    const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    try {
      const storage = clickHouseStorage(clickhouse);
      await ensureCompactorTables(storage.schema, config.clickhouse.database, config);
      const lines: ReconcileLine[] = [];
      for (const view of views) lines.push(...(await reconcileReport(storage.reader, config.clickhouse.database, view)));
      if (options['json'] === true) {
        for (const line of lines) stdout.write(`${JSON.stringify(line)}\n`);
      } else {
        stdout.write(lines.length === 0 ? 'no reconciliation yet: no period has been made final\n' : table(lines));
      }
      return 0;
    } finally {
      await clickhouse.close();
    }
  },
};

function table(lines: readonly ReconcileLine[]): string {
  const cells = [COLUMNS.map((column) => column.title), ...lines.map((line) => COLUMNS.map((column) => column.value(line)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((row) => (row[index] ?? '').length)));
  return cells.map((row) => row.map((cell, index) => (index < 2 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ')).join('\n') + '\n';
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
