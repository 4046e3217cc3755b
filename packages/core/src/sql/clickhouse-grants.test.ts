import { parsePipeline } from '../config/load';
import { clickHouseGrantNames, clickHouseGrantsSql } from './clickhouse-grants';

const YAML = [
  'name: shop',
  'clickhouse: { database: analytics, user: shop_sink, reader: { user: grafana, password: r } }',
  'sources:',
  '  orders: { topic: orders, key: k, timestamp: ts }',
  'views:',
  '  - { name: revenue, source: orders, window: { type: tumbling, size: 1m }, measures: { n: count } }',
  '',
].join('\n');

/** The statements the text runs, each without its `;` (comments dropped). */
const statements = (sql: string) => sql.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('--')).map((line) => line.replace(/;$/, ''));

describe('clickhouse grants SQL', () => {
  const config = parsePipeline(YAML);
  const sql = clickHouseGrantsSql(config);

  it('names the roles after the pipeline and the users as configured', () => {
    expect(clickHouseGrantNames(config)).toEqual({ writerRole: 'shop_write', readerRole: 'shop_read', writerUser: 'shop_sink', readerUser: 'grafana' });
    const bare = parsePipeline('sources:\n  e: { topic: e, key: k, timestamp: ts }\n');
    expect(clickHouseGrantNames(bare)).toMatchObject({ writerUser: 'sluice_writer', readerUser: 'sluice_reader' });
  });

  it('gives the writer role what the sink and compactor do to every generated table, and the view DDL on the serving view', () => {
    const writer = statements(sql).filter((line) => line.endsWith('TO `shop_write`'));
    const tables = ['revenue__speed', 'revenue__batch', 'revenue__final', 'revenue__reconcile', 'revenue__dirty', 'revenue__closed', 'orders__raw', 'orders__raw_progress'];
    for (const table of tables) {
      expect(writer).toContain(`GRANT SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE ON \`analytics\`.\`${table}\` TO \`shop_write\``);
    }
    expect(writer).toContain('GRANT SELECT, CREATE VIEW, DROP VIEW ON `analytics`.`revenue` TO `shop_write`');
    expect(writer).toContain('GRANT CREATE DATABASE ON `analytics`.* TO `shop_write`');
    expect(writer).toHaveLength(tables.length + 2);
  });

  it('lets the reader role only SELECT the serving view and the tables it and the dashboard read, under readonly = 2', () => {
    expect(statements(sql)).toContain('CREATE ROLE IF NOT EXISTS `shop_read` SETTINGS readonly = 2');
    const reader = statements(sql).filter((line) => line.endsWith('TO `shop_read`'));
    expect(reader).toEqual(['revenue', 'revenue__speed', 'revenue__batch', 'revenue__final', 'revenue__reconcile'].map((name) => `GRANT SELECT ON \`analytics\`.\`${name}\` TO \`shop_read\``));
    expect(sql).not.toMatch(/orders__raw`? TO `shop_read`/);
  });

  it('suggests the users only as comments, with a placeholder instead of any configured password', () => {
    expect(sql).toContain("-- CREATE USER IF NOT EXISTS `grafana` IDENTIFIED WITH sha256_password BY 'CHANGE-ME';");
    expect(sql).toContain('-- GRANT `shop_read` TO `grafana`;');
    expect(sql).toContain('-- GRANT `shop_write` TO `shop_sink`;');
    expect(statements(sql).some((line) => line.startsWith('CREATE USER'))).toBe(false);
    expect(sql).not.toContain("BY 'r'");
  });
});
