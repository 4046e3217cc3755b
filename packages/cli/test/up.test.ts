/// <reference lib="dom" />
// Parts of this test run inside the browser page (page.evaluate), where the DOM exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { chromium, type Browser } from 'playwright-core';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { descendantsOf, isAlive } from '../../../test/support/processes';
import { freeUpPorts, type UpPorts } from '../../../test/support/sluice-up';
import { waitFor } from '../../../test/support/wait-for';

const SLUICE = join(__dirname, '..', 'bin', 'sluice.js');
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';

async function writeConfig(dir: string, name: string, ports: UpPorts): Promise<string> {
  const path = join(dir, 'sluice.yaml');
  await writeFile(
    path,
    `name: ${name}
kafka: { brokers: [${JSON.stringify(testBrokers()[0])}] }
clickhouse: { url: "embedded:${join(dir, 'clickhouse')}", database: ${name} }
ingest: { port: ${ports.ingest}, opsPort: ${ports.ingestOps} }
dashboard: { port: ${ports.dashboard} }
aggregator: { opsPort: ${ports.aggregator}, updateInterval: 500ms, maxOutOfOrderness: 1s, idleTimeout: 1s, commitInterval: 1s }
sink: { opsPort: ${ports.sink}, flushInterval: 200ms }
compactor: { opsPort: ${ports.compactor}, cycleInterval: 1s }
sources:
  events: { topic: ${name}_events, key: user_id, timestamp: ts, partitions: 2 }
views:
  - name: page_views
    source: events
    where: { type: page_view }
    window: { type: tumbling, size: 10s }
    lateness: 1s
    groupBy: [page]
    measures: { views: count, avg_ms: avg(latency_ms) }
`,
  );
  return path;
}

/** Collects stdout of a child and resolves when a line matching `pattern` has appeared. */
function outputOf(child: ChildProcess): { text: () => string; waitFor: (pattern: RegExp) => Promise<void> } {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    text: () => text,
    waitFor: (pattern) => waitFor(() => pattern.test(text), { timeoutMs: 180_000, what: `sluice up to print ${pattern}` }).then(() => undefined),
  };
}

describe('sluice up', () => {
  let up: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterEach(async () => {
    await browser?.close();
    if (up && up.exitCode === null) up.kill('SIGKILL');
  });

  it('runs the pipeline: posted events reach the serving view and the dashboard; SIGINT stops it all cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-up-'));
    const name = uniqueName('up');
    const ports = await freeUpPorts();
    const config = await writeConfig(dir, name, ports);
    up = spawn(process.execPath, [SLUICE, 'up', '-c', config, '--no-load', '--data', join(dir, 'data'), '--clickhouse-port', String(ports.clickhouse)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = outputOf(up);
    try {
      await output.waitFor(/Ctrl-C stops everything/);
    } catch (error) {
      throw new Error(`${(error as Error).message}; sluice up printed:\n${output.text()}`);
    }

    // Three 10 s windows in the past, per page: counts 3/2/1 on /home, 1/1/1 on /cart.
    const base = Math.floor((Date.now() - 3_600_000) / 10_000) * 10_000;
    const events = [
      ...[0, 1, 2, 10, 11, 20].map((s, i) => ({ type: 'page_view', page: '/home', user_id: `u${i}`, ts: base + s * 1000, latency_ms: 10 * (i + 1) })),
      ...[3, 13, 23].map((s, i) => ({ type: 'page_view', page: '/cart', user_id: `c${i}`, ts: base + s * 1000, latency_ms: 100 })),
      { type: 'click', page: '/home', user_id: 'u9', ts: base + 5000 },
    ];
    const response = await fetch(`http://127.0.0.1:${ports.ingest}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: events.map((event) => JSON.stringify(event)).join('\n'),
    });
    expect(response.status).toBe(202);

    // The served ClickHouse wants the password generated on this first start: shown once, kept 0600, in the 0600 serve file.
    const serve = JSON.parse(await readFile(join(dir, 'clickhouse.serve.json'), 'utf8')) as { url: string; user: string; password: string };
    expect(serve.url).toBe(`http://127.0.0.1:${ports.clickhouse}`);
    expect((await readFile(join(dir, 'clickhouse.password'), 'utf8')).trim()).toBe(serve.password);
    expect((await stat(join(dir, 'clickhouse.password'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'clickhouse.serve.json'))).mode & 0o777).toBe(0o600);
    expect(output.text().split(serve.password).length - 1).toBe(1);
    const anonymous = await fetch(`${serve.url}/?query=SELECT%201`, { method: 'POST' });
    expect({ status: anonymous.status, code: anonymous.headers.get('x-clickhouse-exception-code') }).toEqual({ status: 403, code: '516' });
    const clickhouse = createClient({ url: serve.url, username: serve.user, password: serve.password, database: name });
    const expected = [
      { window_start: base, page: '/cart', views: 1 },
      { window_start: base, page: '/home', views: 3 },
      { window_start: base + 10_000, page: '/cart', views: 1 },
      { window_start: base + 10_000, page: '/home', views: 2 },
      { window_start: base + 20_000, page: '/cart', views: 1 },
      { window_start: base + 20_000, page: '/home', views: 1 },
    ];
    const rows = await waitFor(
      async () => {
        const result = await clickhouse.query({
          query: `SELECT toUnixTimestamp64Milli(window_start) AS window_start, page, toUInt64(views) AS views FROM page_views ORDER BY window_start, page`,
          format: 'JSONEachRow',
          clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
        });
        const found = await result.json<{ window_start: number; page: string; views: number }>();
        return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
      },
      { timeoutMs: 120_000, what: 'the serving view to hold the posted events' },
    );
    expect(rows).toEqual(expected);

    // The dashboard, in a real browser: its views chart shows what the serving view holds.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${ports.dashboard}/`);
    await page.waitForFunction(() => Number(document.getElementById('updated')?.dataset['refreshes'] ?? 0) >= 1, undefined, { timeout: 60_000 });
    const charted = await page.evaluate(() => {
      const canvas = document.querySelector('canvas[data-view="page_views"][data-measure="views"]') as HTMLCanvasElement;
      const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } } } }).Chart.getChart(canvas);
      return chart.data.datasets.flatMap((dataset) => dataset.data.map((point) => ({ source: dataset.label, x: point.x, y: point.y })));
    });
    const perWindow = expected.reduce<Record<number, number>>((sums, row) => ({ ...sums, [row.window_start]: (sums[row.window_start] ?? 0) + row.views }), {});
    expect(charted.map(({ x, y }) => ({ x, y })).sort((a, b) => a.x - b.x)).toEqual(
      Object.entries(perWindow).map(([x, y]) => ({ x: Number(x), y })),
    );
    // The hour-old periods are served from speed rows until the compactor makes them final, then from batch rows: either is the truth.
    expect(charted.every((point) => point.source === 'speed' || point.source === 'batch')).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // Disk use, after the chart (which shows speed rows only until the periods are final):
    // the board prints the tables' and topics' sizes, the dashboard serves and shows them.
    const posted = events.length;
    // The board names the largest tables only, so it is asked for a positive total; the dashboard lists each one.
    await waitFor(() => /tables: [1-9][\d.]* (B|KiB|MiB) on disk; \S+ /.test(output.text()), { timeoutMs: 60_000, what: 'the status board to show the tables on disk' });
    await waitFor(() => new RegExp(`topics: .*${name}_events ${posted}\\b`).test(output.text()), { timeoutMs: 60_000, what: 'the status board to show the source topic' });
    const storage = (await (await fetch(`http://127.0.0.1:${ports.dashboard}/api/storage`)).json()) as {
      tables: { table: string; bytes: number; rows: number; size: string }[];
      topics: { topic: string; records: number }[];
    };
    expect(storage.tables.find((table) => table.table === 'events__raw')).toMatchObject({ rows: posted, bytes: expect.any(Number) });
    expect(storage.tables.find((table) => table.table === 'events__raw')?.bytes).toBeGreaterThan(0);
    expect(storage.topics).toContainEqual({ topic: `${name}_events`, records: posted });
    await page.waitForFunction(() => Number((document.querySelector('.storage-tables') as HTMLElement | null)?.dataset['tables'] ?? 0) > 0, undefined, { timeout: 60_000 });
    expect(await page.locator('#storage').innerText()).toContain('events__raw');
    await clickhouse.close();

    // Ctrl-C: everything stops, exit code 0, no process left behind.
    const descendants = descendantsOf(up.pid as number);
    expect(descendants.length).toBeGreaterThanOrEqual(4);
    const exited = new Promise<number | null>((resolve) => up?.once('exit', (code) => resolve(code)));
    up.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.text()).toMatch(/Data stays in/);
    await waitFor(() => descendants.every((pid) => !isAlive(pid)), { timeoutMs: 30_000, what: 'every child of sluice up to exit' });
  }, 360_000);
});
