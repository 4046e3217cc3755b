import { configErrorMessage as messageOf, parseWithSecrets as parse } from './testing/parse-with-secrets';

describe('secured connection settings', () => {
  it('reads kafka.ssl as true or as files, and kafka.sasl with an inline password', () => {
    expect(parse('kafka: { ssl: true }\n').kafka.ssl).toEqual({ rejectUnauthorized: true });
    const config = parse(
      'kafka:\n  ssl: { caFile: /etc/ca.pem, rejectUnauthorized: false }\n  sasl: { mechanism: scram-sha-512, username: alice, password: alice-secret }\n',
    );
    expect(config.kafka.ssl).toEqual({ caFile: '/etc/ca.pem', rejectUnauthorized: false });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' });
  });

  it('takes a password from passwordFile or from the environment, which wins over both', () => {
    const yaml = 'kafka:\n  sasl: { mechanism: plain, username: alice, passwordFile: /run/kafka }\n';
    expect(parse(yaml, {}, { '/run/kafka': 'file-secret\n' }).kafka.sasl?.password).toBe('file-secret');
    expect(parse(yaml, { SLUICE_KAFKA_SASL_PASSWORD: 'env-secret' }).kafka.sasl?.password).toBe('env-secret');
    const registry = parse('schemaRegistry: { url: "https://r:8081", username: u, passwordFile: /run/r, caFile: /etc/ca.pem }\n', {}, { '/run/r': 'reg' });
    expect(registry.schemaRegistry).toEqual({ url: 'https://r:8081', username: 'u', password: 'reg', caFile: '/etc/ca.pem' });
    expect(parse('schemaRegistry: { url: "https://r:8081", username: u }\n', { SLUICE_SCHEMA_REGISTRY_PASSWORD: 'e' }).schemaRegistry?.password).toBe('e');
  });

  it('refuses a missing password, both sources at once, and an unreadable file, at their keys', () => {
    expect(messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a } }\n'))).toMatch(/kafka\.sasl\.password: is required/);
    expect(messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a, password: p, passwordFile: /f } }\n'))).toMatch(
      /kafka\.sasl\.passwordFile: set password or passwordFile, not both/,
    );
    expect(messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a, passwordFile: /missing } }\n'))).toMatch(
      /kafka\.sasl\.passwordFile: cannot be read: ENOENT/,
    );
  });

  it('never prints a secret in a ConfigError, whatever is wrong around it', () => {
    const messages = [
      messageOf(() => parse('kafka: { sasl: { mechanism: kerberos, username: a, password: hunter2-secret } }\n')),
      messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a, password: hunter2-secret, extra: 1 } }\n')),
      messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a, pasword: hunter2-secret } }\n')),
      messageOf(() => parse('kafka: { sasl: { mechanism: plain, username: a, password: [hunter2-secret] } }\n')),
      messageOf(() => parse('kafka: { security: { password: hunter2-secret } }\n')),
      messageOf(() => parse('schemaRegistry: { url: "http://u:hunter2-secret@r:8081", extra: 1 }\n')),
      messageOf(() => parse('clickhouse: { url: "ftp://u:hunter2-secret@h" }\n')),
    ];
    for (const message of messages) expect(message).not.toContain('hunter2-secret');
    expect(messages[1]).toMatch(/kafka\.sasl\.extra: is not a known key/);
  });
});
