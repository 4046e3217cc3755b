import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { ensureCompactorTables, recomputeRange } from '@sluice/compactor';
import { SluiceError, createLogger, parseEventTime, secretsOf } from '@sluice/core';
import { jsonLineSink, loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

const BAR_WIDTH = 30;

/** `sluice recompute -c FILE --view V --from T --to T`: recomputes a range of periods from the master dataset. */
export const recomputeCommand: Command = {
  name: ['recompute'],
  summary: 'recompute (or backfill) a view over a time range from the master dataset',
  usage: 'recompute -c sluice.yaml --view V --from T --to T   (T: ISO-8601 or epoch ms)',
  options: { ...configOption, view: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const name = String(options['view'] ?? '');
    const view = config.views.find((candidate) => candidate.name === name);
    if (!view) throw new SluiceError('UNKNOWN_VIEW', `--view ${name || '(missing)'} is not a view of this pipeline; views: ${config.views.map((v) => v.name).join(', ')}`);
    const fromMs = timeOption(options['from'], '--from');
    const toMs = timeOption(options['to'], '--to');
    if (toMs <= fromMs) throw new SluiceError('BAD_RANGE', `--to (${new Date(toMs).toISOString()}) must be after --from (${new Date(fromMs).toISOString()})`);
    const logger = createLogger({ module: 'recompute', sink: jsonLineSink(stderr), level: 'warn', secrets: secretsOf(config) });
    const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const tty = (stdout as { isTTY?: boolean }).isTTY === true;
    const started = performance.now();
    try {
      const storage = clickHouseStorage(clickhouse);
      await ensureCompactorTables(storage.schema, config.clickhouse.database, config);
      const result = await recomputeRange({ progress: storage.progress, batch: storage.batch, logger, retention: storage.retention, supersededGraceMs: config.retention.batchGenerationsMs }, view, fromMs, toMs, (done, total) =>
        stdout.write(progressLine(view.name, done, total, tty)),
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stdout.write(
        `${tty ? '\n' : ''}recomputed ${view.name}: ${result.periods} periods ${new Date(result.fromMs).toISOString()} .. ${new Date(result.toMs).toISOString()} as generation ${result.generation} in ${seconds}s\n`,
      );
      return 0;
    } finally {
      await clickhouse.close();
    }
  },
};

/** A redrawn bar on a terminal; one plain line per step otherwise (logs, CI). */
function progressLine(view: string, done: number, total: number, tty: boolean): string {
  if (!tty) return `recompute ${view}: ${done}/${total} periods\n`;
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `\r${view} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} periods`;
}

function timeOption(value: unknown, flag: string): number {
  const ms = typeof value === 'string' ? parseEventTime(value) : undefined;
  if (ms === undefined) throw new SluiceError('BAD_TIME', `${flag} ${String(value ?? '(missing)')} is not a time; use ISO-8601 (2026-01-01T00:00:00Z) or epoch ms`);
  return ms;
}
