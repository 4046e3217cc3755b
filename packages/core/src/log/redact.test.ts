import type { LogEntry } from './logger';
import { createLogger } from './logger';
import { isSecretKey, REDACTED, redactText, redactUrl, redactValue } from './redact';

describe('redaction', () => {
  it('replaces the password of URL userinfo and keeps the user', () => {
    expect(redactUrl('https://reader:s3cret@registry.example:8081/subjects')).toBe('https://reader:***@registry.example:8081/subjects');
    expect(redactUrl('see http://a:b@h1 and http://c:d@h2')).toBe('see http://a:***@h1 and http://c:***@h2');
    expect(redactUrl('http://host:8123/?query=1')).toBe('http://host:8123/?query=1');
  });

  it('replaces known secrets anywhere in a text', () => {
    expect(redactText('login alice/alice-secret failed', ['alice-secret'])).toBe(`login alice/${REDACTED} failed`);
  });

  it('hides values under secret keys, also misspelt ones, but not file paths', () => {
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('pasword')).toBe(true);
    expect(isSecretKey('apiKey')).toBe(true);
    expect(isSecretKey('passwordFile')).toBe(false);
    expect(isSecretKey('username')).toBe(false);
    const sasl = { mechanism: 'plain', username: 'u', password: 'p4ss', passwordFile: '/run/p', nested: [{ token: 't' }], note: 'x p4ss' };
    expect(redactValue(sasl, ['p4ss'])).toEqual({
      mechanism: 'plain',
      username: 'u',
      password: REDACTED,
      passwordFile: '/run/p',
      nested: [{ token: REDACTED }],
      note: `x ${REDACTED}`,
    });
  });

  it('is applied by every logger to messages, fields and errors', () => {
    const entries: LogEntry[] = [];
    const logger = createLogger({ module: 'm', sink: (entry) => entries.push(entry), secrets: ['s3cret'] }).child('kafka');
    logger.warn('login with s3cret refused', { url: 'https://u:pw@h', error: new Error('bad s3cret'), password: 'x' });
    expect(JSON.stringify(entries)).not.toMatch(/s3cret|:pw@|"x"/);
  });
});
