import { parseClickHouseUrl } from './clickhouse-target';

describe('parseClickHouseUrl', () => {
  it('resolves an embedded path against the working directory', () => {
    expect(parseClickHouseUrl('embedded:./.sluice/clickhouse', '/srv/app')).toEqual({ kind: 'embedded', path: '/srv/app/.sluice/clickhouse' });
    expect(parseClickHouseUrl('embedded:/data/ch', '/srv/app')).toEqual({ kind: 'embedded', path: '/data/ch' });
  });

  it('knows the in-memory engine and servers', () => {
    expect(parseClickHouseUrl('embedded:memory')).toEqual({ kind: 'memory' });
    expect(parseClickHouseUrl('https://ch.example:8443')).toEqual({ kind: 'server', url: 'https://ch.example:8443' });
  });

  it('refuses other forms and says which are allowed', () => {
    expect(() => parseClickHouseUrl('ftp://nope')).toThrow(/use embedded:PATH, embedded:memory or http\(s\):\/\/host:port/);
    expect(() => parseClickHouseUrl('embedded:')).toThrow(/needs a directory path/);
  });
});
