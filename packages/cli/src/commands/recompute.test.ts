import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../run';
import { recomputeCommand } from './recompute';
import { reconcileCommand } from './reconcile';

const CONFIG = join(mkdtempSync(join(tmpdir(), 'sluice-recompute-')), 'sluice.yaml');
writeFileSync(
  CONFIG,
  `sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: page_views_1m, source: events, window: { type: tumbling, size: 1m }, measures: { n: count } }
  - { name: revenue_5m, source: events, window: { type: hopping, size: 5m, hop: 1m }, measures: { n: count } }
  - { name: sessions, source: events, window: { type: session, gap: 30m }, groupBy: [user_id], measures: { n: count } }
`,
);

async function sluice(args: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await run(args, { stdout, stderr, env: {} }, [recomputeCommand, reconcileCommand]);
  return { code, stderr: text };
}

describe('recompute and reconcile arguments', () => {
  it('names the views when --view is unknown, before touching ClickHouse', async () => {
    const result = await sluice(['recompute', '-c', CONFIG, '--view', 'nope', '--from', '0', '--to', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--view nope is not a view of this pipeline; views: page_views_1m, revenue_5m, sessions');
  });

  it('says which time is not a time, and that --to must follow --from', async () => {
    const bad = await sluice(['recompute', '-c', CONFIG, '--view', 'sessions', '--from', 'yesterday', '--to', '1']);
    expect(bad.stderr).toContain('--from yesterday is not a time; use ISO-8601');
    const backwards = await sluice(['recompute', '-c', CONFIG, '--view', 'sessions', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z']);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('must be after --from');
  });

  it('refuses an unknown view for the report too', async () => {
    const result = await sluice(['reconcile', '-c', CONFIG, '--view', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--view nope is not a view');
  });
});
