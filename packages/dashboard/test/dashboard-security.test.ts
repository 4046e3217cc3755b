/// <reference lib="dom" />
// Parts of this test run inside the browser page (page.evaluate, addInitScript), where the DOM exists.
import { createHash, randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import {
  buildPipeline,
  createBatchTableSql,
  createFinalTableSql,
  createReconcileTableSql,
  createServingViewSql,
  createSpeedTableSql,
  qualifiedName,
  reconcileTableName,
  silentLogger,
  viewLayoutComment,
  type PipelineConfig,
} from '@sluice/core';
import { uniqueName } from '../../../test/support/unique-name';
import { scryptPasswordHash, startDashboard, type Dashboard } from '../src/index';

const CHROMIUM = '/usr/bin/chromium';
const PAYLOAD = '<img src=x onerror=alert(1)>';
const PASSWORDS = { viewer: `pw-${randomBytes(8).toString('hex')}`, admin: `pw-${randomBytes(8).toString('hex')}` };
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('the dashboard against hostile group values and strangers', () => {
  const database = uniqueName('dash_sec');
  let clickhouse: ClickHouse;
  let dashboard: Dashboard;
  let browser: Browser | undefined;
  let config: PipelineConfig;

  beforeAll(async () => {
    config = buildPipeline({
      clickhouse: { url: 'embedded:memory', database },
      dashboard: {
        auth: {
          users: [
            { name: 'viewer', sha256: createHash('sha256').update(PASSWORDS.viewer).digest('hex') },
            { name: 'admin', scrypt: scryptPasswordHash(PASSWORDS.admin, randomBytes(16)) },
          ],
        },
      },
      sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } },
      views: [{ name: 'pages', source: 'events', window: { type: 'tumbling', size: '1m' }, groupBy: ['page'], measures: { views: 'count' } }],
    });
    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const storage = clickHouseStorage(clickhouse);
    const view = config.views[0]!;
    const comment = viewLayoutComment(view);
    await storage.schema.apply([
      createSpeedTableSql(database, view, comment),
      createBatchTableSql(database, view, comment),
      createFinalTableSql(database, view),
      createReconcileTableSql(database, view),
      createServingViewSql(database, view),
    ]);
    // A reconciliation row whose group value an event chose: the page shows group values from here.
    const window = '2026-01-01 00:00:00.000';
    await clickhouse.client.insert({
      table: qualifiedName(database, reconcileTableName(view.name)),
      format: 'JSONEachRow',
      values: [{ reconciled_at: window, generation: 1, period_start: window, window_start: window, window_end: '2026-01-01 00:01:00.000', page: PAYLOAD, measure: 'views', batch_value: 1, speed_value: 1, difference: 0, in_batch: 1, in_speed: 1, events: 1, duplicate_events: 0, late_events: 0 }],
    });
    dashboard = await startDashboard({ config, storage, logger: silentLogger, host: '127.0.0.1', port: 0, workers: [] });
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await clickhouse?.close();
  });

  it('answers 401 with a Basic challenge without a valid login, and serves with one', async () => {
    for (const authorization of [undefined, basic('viewer', 'wrong'), basic('nobody', PASSWORDS.viewer), basic('admin', PASSWORDS.viewer)]) {
      const response = await fetch(`${dashboard.url}api/views`, { headers: authorization === undefined ? {} : { authorization } });
      expect({ status: response.status, challenge: response.headers.get('www-authenticate') }).toEqual({ status: 401, challenge: 'Basic realm="sluice dashboard", charset="UTF-8"' });
    }
    for (const [name, password] of Object.entries(PASSWORDS)) {
      expect((await fetch(`${dashboard.url}api/views`, { headers: { authorization: basic(name, password) } })).status).toBe(200);
    }
    // The container health check needs no login and learns nothing about the data.
    expect((await fetch(`${dashboard.url}healthz`)).status).toBe(200);
  });

  it('sends a Content-Security-Policy without inline script or framing, nosniff and a Referrer-Policy on every answer', async () => {
    for (const [path, authorization] of [['', basic('viewer', PASSWORDS.viewer)], ['api/views', basic('viewer', PASSWORDS.viewer)], ['', undefined], ['nope', basic('viewer', PASSWORDS.viewer)]] as const) {
      const response = await fetch(`${dashboard.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('shows a group value that holds markup as text, in headless Chromium, and runs no script from it', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const context = await browser.newContext({ httpCredentials: { username: 'viewer', password: PASSWORDS.viewer } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${(event as SecurityPolicyViolationEvent).violatedDirective} ${(event as SecurityPolicyViolationEvent).blockedURI}`));
    });
    await page.goto(dashboard.url);
    await page.waitForFunction(() => Number(document.getElementById('updated')?.dataset['refreshes'] ?? 0) >= 1, undefined, { timeout: 60_000 });
    const shown = await page.evaluate(() => ({
      cells: Array.from(document.querySelectorAll('.reconcile td'), (cell) => cell.textContent),
      images: document.querySelectorAll('.reconcile img, main img').length,
      violations: (window as unknown as { violations: string[] }).violations,
      charts: document.querySelectorAll('canvas[data-view="pages"]').length,
    }));
    expect(shown.cells).toContain(PAYLOAD);
    expect(shown.images).toBe(0);
    expect(dialogs).toEqual([]);
    // The page itself works under its policy: the chart is drawn and nothing was refused.
    expect(shown.charts).toBe(1);
    expect(shown.violations).toEqual([]);
  });
});
