import { parseRequest } from './http-request';

const url = (search: string) => new URL(`http://localhost/?${search}`);

describe('parseRequest', () => {
  it('takes the statement from the URL, the body, or both joined', () => {
    expect(parseRequest(url('query=SELECT%201'), {}, Buffer.alloc(0))?.statement.sql).toBe('SELECT 1');
    expect(parseRequest(url(''), {}, Buffer.from('SELECT 2'))?.statement.sql).toBe('SELECT 2');
    expect(parseRequest(url('query=SELECT'), {}, Buffer.from('3'))?.statement.sql).toBe('SELECT\n3');
    expect(parseRequest(url(''), {}, Buffer.alloc(0))).toBeUndefined();
  });

  it('keeps the body of an INSERT named in the URL as its data', () => {
    const parsed = parseRequest(url('query=INSERT%20INTO%20t%20FORMAT%20RowBinary'), {}, Buffer.from([1, 2]));
    expect(parsed?.statement).toMatchObject({ sql: 'INSERT INTO t FORMAT RowBinary', data: Buffer.from([1, 2]) });
  });

  it('splits parameters, settings and request controls', () => {
    const parsed = parseRequest(url('query=SELECT%20%7Bn%3AUInt8%7D&param_n=5&max_threads=2&database=db&query_id=q1&wait_end_of_query=1&default_format=JSONEachRow'), {}, Buffer.alloc(0));
    expect(parsed).toMatchObject({ queryId: 'q1', outputFormat: 'JSONEachRow' });
    expect(parsed?.statement).toMatchObject({ database: 'db', format: 'JSONEachRow', params: { n: '5' }, settings: { max_threads: '2' } });
  });

  it('reports the format of a FORMAT clause, else the default, else TabSeparated', () => {
    expect(parseRequest(url('query=SELECT%201%20FORMAT%20CSV&default_format=JSON'), {}, Buffer.alloc(0))?.outputFormat).toBe('CSV');
    expect(parseRequest(url('query=SELECT%201'), { 'x-clickhouse-format': 'Native' }, Buffer.alloc(0))?.outputFormat).toBe('Native');
    expect(parseRequest(url('query=SELECT%201'), {}, Buffer.alloc(0))?.outputFormat).toBe('TabSeparated');
  });

  it('refuses the LZ4 framing it cannot produce', () => {
    expect(() => parseRequest(url('query=SELECT%201&compress=1'), {}, Buffer.alloc(0))).toThrow(/^Code: 36\..*\(BAD_ARGUMENTS\)$/);
  });
});
