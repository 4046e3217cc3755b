import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { run } from '../src/run';
import { COMMANDS } from '../src/commands';

const CONFIG = `name: shop
clickhouse: { url: embedded:memory, database: shop, user: shop_sink, reader: { user: grafana } }
sources:
  orders: { topic: orders, key: user_id, timestamp: ts }
views:
  - { name: revenue_1m, source: orders, window: { type: tumbling, size: 1m }, groupBy: [country], measures: { n: count } }
  - { name: sessions, source: orders, window: { type: session, gap: 30m }, groupBy: [user_id], measures: { n: count } }
`;

/**
 * The embedded engine has no access storage to create roles in (its one user
 * cannot CREATE ROLE), so this checks what it can: ClickHouse's own parser
 * accepts every statement `sluice clickhouse grants` prints, the suggested
 * users included, with every privilege name known to it.
 */
describe('sluice clickhouse grants', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-grants-'));
  const configPath = join(dir, 'sluice.yaml');
  let clickhouse: ClickHouse;

  beforeAll(async () => {
    writeFileSync(configPath, CONFIG);
    clickhouse = await createClickHouse({ url: 'embedded:memory', database: 'default' });
  });
  afterAll(async () => {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function grantsOutput(): Promise<string> {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await run(['clickhouse', 'grants', '-c', configPath], { stdout, stderr: new PassThrough(), env: {} }, COMMANDS);
    expect(code).toBe(0);
    return text;
  }

  it('prints statements that ClickHouse parses, one role for each side and grants on every generated object', async () => {
    const sql = await grantsOutput();
    const statements = sql
      .split('\n')
      .map((line) => (/^-- (CREATE USER|GRANT) /.test(line) ? line.slice(3) : line))
      .filter((line) => line.trim() !== '' && !line.startsWith('--'))
      .map((line) => line.replace(/;$/, ''));
    expect(statements.filter((line) => line.startsWith('CREATE ROLE'))).toHaveLength(2);
    expect(statements.filter((line) => line.startsWith('GRANT'))).toHaveLength(1 + 2 * 7 + 2 + 2 * 5 + 2);
    for (const statement of statements) {
      const result = await clickhouse.client.query({ query: 'SELECT formatQuery({statement:String}) AS formatted', query_params: { statement }, format: 'JSONEachRow' });
      const [row] = await result.json<{ formatted: string }>();
      // formatQuery throws on a syntax error or an unknown privilege, and otherwise gives the statement back, quoting only what needs it.
      expect(row?.formatted.replace(/\s+/g, ' ')).toBe(statement.replace(/`/g, ''));
    }
  });
});
