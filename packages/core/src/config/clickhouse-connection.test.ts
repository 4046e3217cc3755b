import { readerClickHouseSettings } from './clickhouse-reader';
import { secretsOf } from './secrets-of';
import { configErrorMessage as messageOf, parseWithSecrets as parse } from './testing/parse-with-secrets';

describe('clickhouse connection settings', () => {
  it('takes the password inline, from passwordFile, or from SLUICE_CLICKHOUSE_PASSWORD, which wins over both', () => {
    expect(parse('clickhouse: { user: w, password: inline }\n').clickhouse.password).toBe('inline');
    const fromFile = 'clickhouse: { url: "https://ch:8443", user: w, passwordFile: /run/ch }\n';
    expect(parse(fromFile, {}, { '/run/ch': 'file-secret\n' }).clickhouse.password).toBe('file-secret');
    expect(parse(fromFile, { SLUICE_CLICKHOUSE_PASSWORD: 'env-secret' }).clickhouse.password).toBe('env-secret');
    // Every config has a clickhouse section, so the variable works without one in the file.
    expect(parse('', { SLUICE_CLICKHOUSE_PASSWORD: 'env-secret' }).clickhouse.password).toBe('env-secret');
  });

  it('reads the TLS files and refuses a certificate without its key', () => {
    const config = parse('clickhouse: { url: "https://ch:8443", caFile: /etc/ca.pem, certFile: /etc/c.pem, keyFile: /etc/c.key }\n');
    expect(config.clickhouse).toMatchObject({ caFile: '/etc/ca.pem', certFile: '/etc/c.pem', keyFile: '/etc/c.key' });
    expect(messageOf(() => parse('clickhouse: { certFile: /etc/c.pem }\n'))).toContain('clickhouse.keyFile');
  });

  it('reads a reader login, its password from a file or SLUICE_CLICKHOUSE_READER_PASSWORD', () => {
    const yaml = 'clickhouse: { user: w, password: wp, reader: { user: grafana, passwordFile: /run/reader } }\n';
    expect(parse(yaml, {}, { '/run/reader': 'rp\n' }).clickhouse.reader).toEqual({ user: 'grafana', password: 'rp' });
    expect(parse(yaml, { SLUICE_CLICKHOUSE_READER_PASSWORD: 'env-rp' }).clickhouse.reader).toEqual({ user: 'grafana', password: 'env-rp' });
    // The reader's variable alone does not invent a reader.
    expect(parse('', { SLUICE_CLICKHOUSE_READER_PASSWORD: 'env-rp' }).clickhouse.reader).toBeUndefined();
  });

  it('refuses both password sources, an unreadable file and a reader without a user, at their keys and without the secret', () => {
    const both = messageOf(() => parse('clickhouse: { password: hunter2, passwordFile: /run/ch }\n'));
    expect(both).toContain('clickhouse.passwordFile');
    expect(both).not.toContain('hunter2');
    expect(messageOf(() => parse('clickhouse: { passwordFile: /run/missing }\n'))).toContain('clickhouse.passwordFile');
    const noUser = messageOf(() => parse('clickhouse: { reader: { password: s3cret-reader } }\n'));
    expect(noUser).toContain('clickhouse.reader.user');
    expect(noUser).not.toContain('s3cret-reader');
  });

  it('lists both ClickHouse passwords as secrets', () => {
    const config = parse('clickhouse: { user: w, password: writer-secret, reader: { user: r, password: reader-secret } }\n');
    expect(secretsOf(config)).toEqual(expect.arrayContaining(['writer-secret', 'reader-secret']));
  });

  it('connects the readers as the reader user, never with the writers password, and as the writers without a reader', () => {
    const config = parse('clickhouse: { url: "https://ch:8443", user: w, password: wp, caFile: /etc/ca.pem, reader: { user: r } }\n');
    const reader = readerClickHouseSettings(config.clickhouse);
    expect(reader).toMatchObject({ url: 'https://ch:8443', user: 'r', caFile: '/etc/ca.pem' });
    expect(reader.password).toBeUndefined();
    const plain = parse('clickhouse: { user: w, password: wp }\n');
    expect(readerClickHouseSettings(plain.clickhouse)).toBe(plain.clickhouse);
  });
});
