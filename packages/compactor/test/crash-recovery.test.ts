import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parsePipeline, qualifiedName, rawTableName } from '@sluice/core';
import { generateEvents } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import type { ClickHouse } from '@sluice/clickhouse';
import { waitFor } from '../../../test/support/wait-for';
import { startCli, type CliProcess } from './support/cli-process';
import { finalBatchRows, normalized, openClickHouse, pipelineYaml, scalar, sendRecords } from './support/compactor-fixture';
import { createTestTopic } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { seededRandom as seeded } from '../../../test/support/seeded-random';

jest.setTimeout(300_000);

/**
 * Spawns the real CLI (`npx turbo run build` first): `sluice clickhouse serve`
 * owns the embedded directory, `sluice compact` lands and recomputes, and is
 * killed with SIGKILL at seeded points while records keep arriving.
 */
describe('compactor: kill -9 and restart', () => {
  const processes: CliProcess[] = [];
  let clickhouse: ClickHouse | undefined;
  let dir = '';

  afterEach(async () => {
    await clickhouse?.close();
    for (const process of processes) if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGTERM');
    await Promise.all(processes.map((process) => process.exited));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each((process.env['TEST_SEEDS'] ?? '7,23').split(',').map(Number))('lands every record exactly once and batch equals the truth (seed %i)', async (seed) => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-compactor-'));
    const topic = await createTestTopic('compactor_kill', 3);
    const yaml = pipelineYaml({ topic, database: uniqueName('db'), clickhouseUrl: `embedded:${join(dir, 'clickhouse')}`, partitions: 3 });
    const file = join(dir, 'sluice.yaml');
    await writeFile(file, yaml);
    const config = parsePipeline(yaml, { env: {}, origin: file });
    const log = join(dir, 'processes.log');

    const serve = startCli(['clickhouse', 'serve', '-c', file, '--port', '0'], log);
    processes.push(serve);
    await serve.line(/^serving /);
    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;

    const run = generateEvents(config, { events: 4_000, rate: 1_000, timeStepMs: 300, late: 0.02, duplicates: 0.03, outOfOrder: 0.05, seed, startMs: Date.UTC(2026, 2, 3, 6, 7, 0) });
    const truth = computeTruth(config, run);
    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    const landed = () => scalar(client, `SELECT count() FROM ${raw} FINAL`).catch(() => 0);

    const random = seeded(seed);
    const chunks = 8;
    const size = Math.ceil(run.records.length / chunks);
    const kills = [0.15, 0.35, 0.55, 0.8].map((at) => Math.floor((at + random() * 0.1) * run.records.length));
    let sent = 0;
    for (const killAt of kills) {
      const compactor = startCli(['compact', '-c', file], log);
      processes.push(compactor);
      await compactor.line(/compactor running/);
      // Keep records coming while the compactor lands them; kill it once it has landed past a seeded point.
      while (sent < Math.min(run.records.length, killAt + size)) {
        await sendRecords(config, run.records.slice(sent, sent + size));
        sent += size;
      }
      await waitFor(async () => (await landed()) >= killAt, { what: `${killAt} records landed`, intervalMs: 20 });
      compactor.child.kill('SIGKILL');
      expect(await compactor.exited).toBe('SIGKILL');
    }
    if (sent < run.records.length) await sendRecords(config, run.records.slice(sent));

    const last = startCli(['compact', '-c', file], log);
    processes.push(last);
    await last.line(/compactor running/);
    const t0 = Date.now();
    await waitFor(async () => (await landed()) === run.records.length, { what: 'every record landed', timeoutMs: 120_000 });
    if (process.env['TEST_TIMINGS']) console.log('landed after', Date.now() - t0);
    for (const view of config.views) {
      const expected = normalized(truth.views[view.name]?.rows ?? []);
      const actual = await waitFor(
        async () => {
          const found = normalized(await finalBatchRows(client, config, view));
          return isDeepStrictEqual(found, expected) ? found : undefined;
        },
        { what: `${view.name} batch rows equal to the truth`, timeoutMs: 120_000 },
      ).catch(async () => normalized(await finalBatchRows(client, config, view)));
      expect(actual).toEqual(expected);
      if (process.env['TEST_TIMINGS']) console.log(view.name, 'equal after', Date.now() - t0);
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    // The on-demand commands against the same served ClickHouse.
    const first = new Date(run.records[0]?.event['ts'] as number).toISOString();
    const end = String((run.records[run.records.length - 1]?.event['ts'] as number) + 1);
    const recompute = startCli(['recompute', '-c', file, '--view', 'pages', '--from', first, '--to', end], log);
    processes.push(recompute);
    await recompute.line(/^recomputed pages: \d+ periods/);
    expect(await recompute.exited).toBe(0);
    const pages = config.views.find((view) => view.name === 'pages');
    if (pages) expect(normalized(await finalBatchRows(client, config, pages))).toEqual(normalized(truth.views['pages']?.rows ?? []));
    const reconcile = startCli(['reconcile', '-c', file, '--view', 'pages'], log);
    processes.push(reconcile);
    await reconcile.line(/^pages\s+views\s/);
    expect(await reconcile.exited).toBe(0);

    // Exactly once, without FINAL: replays were stopped by the insert tokens, not folded later by merges.
    expect(await scalar(client, `SELECT count() FROM ${raw}`)).toBe(run.records.length);
    expect(await scalar(client, `SELECT uniqExact(kafka_partition, kafka_offset) FROM ${raw}`)).toBe(run.records.length);
  });
});
