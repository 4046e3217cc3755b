import { generatedTableNames } from '../contracts/clickhouse-objects';
import { tableUsageFromRows, tableUsageSql } from './table-usage';

describe('table usage', () => {
  it('asks for the active parts of exactly the named tables that exist, quoted', () => {
    const sql = tableUsageSql("d'b", ['pages__speed', 'events__raw']);
    expect(sql).toContain('FROM system.tables AS t');
    expect(sql).toContain("FROM system.parts WHERE active AND database = 'd\\'b'");
    expect(sql).toContain("WHERE t.database = 'd\\'b' AND t.name IN ('pages__speed', 'events__raw')");
  });

  it('stays valid SQL when there is no table to ask for', () => {
    expect(tableUsageSql('db', [])).toContain("t.name IN ('')");
  });

  it('reads 64-bit sums given as strings, in the order asked, leaving out tables it did not find', () => {
    const rows = [
      { table: 'events__raw', bytes: '12345678901', rows: '300' },
      { table: 'pages__speed', bytes: 2048, rows: 7 },
    ];
    expect(tableUsageFromRows(['pages__speed', 'pages__batch', 'events__raw'], rows)).toEqual([
      { table: 'pages__speed', bytes: 2048, rows: 7 },
      { table: 'events__raw', bytes: 12345678901, rows: 300 },
    ]);
  });

  it('refuses a sum that is not a count instead of reporting NaN', () => {
    expect(() => tableUsageFromRows(['t'], [{ table: 't', bytes: 'lots', rows: '1' }])).toThrow(/bytes that is not a count/);
  });

  it('reports every table of the catalog but the serving views, which hold no data', () => {
    expect(generatedTableNames(['pages'], ['events'])).toEqual([
      'pages__speed',
      'pages__batch',
      'pages__final',
      'pages__reconcile',
      'pages__dirty',
      'pages__closed',
      'events__raw',
      'events__raw_progress',
    ]);
  });
});
