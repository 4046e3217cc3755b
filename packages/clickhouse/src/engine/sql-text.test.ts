import { splitInsertFormat, trailingFormat } from './sql-text';

describe('sql text helpers', () => {
  it('finds a trailing FORMAT clause, ignoring comments and a semicolon', () => {
    expect(trailingFormat('SELECT 1 FORMAT JSONEachRow')).toBe('JSONEachRow');
    expect(trailingFormat('SELECT 1\nformat CSV; -- done')).toBe('CSV');
    expect(trailingFormat('SELECT format')).toBeUndefined();
    expect(trailingFormat('SELECT 1')).toBeUndefined();
  });

  it('splits INSERT ... FORMAT into head and format', () => {
    expect(splitInsertFormat('INSERT INTO db.t (a, b) FORMAT RowBinary')).toEqual({ head: 'INSERT INTO db.t (a, b)', format: 'RowBinary' });
    expect(splitInsertFormat('SELECT 1 FORMAT Native')).toBeUndefined();
    expect(splitInsertFormat('INSERT INTO t VALUES')).toBeUndefined();
  });
});
