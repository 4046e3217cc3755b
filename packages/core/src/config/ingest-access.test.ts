import { ConfigError } from '../errors/config-error';
import { isLoopbackHost, parseApiKeyList } from './ingest-access';
import { buildPipeline } from './load';

const HASH = 'A'.repeat(64);
const sources = { events: { topic: 'events', key: 'k', timestamp: 'ts' } };
const build = (ingest: Record<string, unknown>) => buildPipeline({ ingest, sources }, { env: {} });
const problems = (ingest: Record<string, unknown>) => {
  try {
    build(ingest);
    return [];
  } catch (error) {
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
};

describe('ingest access settings', () => {
  it('refuse a non-loopback host without keys, unless allowUnauthenticated says so', () => {
    expect(problems({ host: '0.0.0.0' })).toEqual([expect.stringMatching(/^ingest\.host: is not a loopback address and ingest has no API key/)]);
    expect(problems({ host: '0.0.0.0', allowUnauthenticated: true })).toEqual([]);
    expect(problems({ host: '0.0.0.0', apiKeysFile: '/run/secrets/keys' })).toEqual([]);
    expect(problems({ host: '::1' })).toEqual([]);
  });

  it('normalize keys and their rate limits, and check the sources they name', () => {
    const config = build({ host: '0.0.0.0', apiKeys: [{ id: 'web', sha256: HASH, sources: ['events'], rateLimit: { eventsPerSecond: 2.5 } }] });
    expect(config.ingest.apiKeys).toEqual([{ id: 'web', sha256: 'a'.repeat(64), sources: ['events'], rateLimit: { unit: 'event', perSecond: 2.5, burst: 3 } }]);
    expect(
      problems({
        apiKeys: [
          { id: 'web', sha256: HASH, sources: ['nope'] },
          { id: 'web', sha256: 'xyz', sources: ['*'] },
        ],
      }),
    ).toEqual([
      'ingest.apiKeys[1].sha256: must be the 64 hex digits of the SHA-256 of the key (sluice ingest hash-key)',
      expect.stringMatching(/^ingest\.apiKeys\[0\]\.sources\[0\]: is not a defined source; defined sources: events/),
      'ingest.apiKeys[1].id: repeats a key id; ids must be unique',
    ]);
  });

  it('parse a key file and name the place of each problem', () => {
    expect(parseApiKeyList(`- { id: app, sha256: "${HASH}", sources: ["*"], rateLimit: { requestsPerSecond: 10, burst: 20 } }\n`, 'keys.yaml')).toEqual([
      { id: 'app', sha256: 'a'.repeat(64), sources: ['*'], rateLimit: { unit: 'request', perSecond: 10, burst: 20 } },
    ]);
    expect(() => parseApiKeyList('- { id: app, sources: [events] }\n', 'keys.yaml')).toThrow(/keys\.yaml has 1 problem:\n {2}- \[0\]\.sha256: /);
    expect(() => parseApiKeyList('[]', 'keys.yaml')).toThrow(/holds no keys/);
  });

  it('tell loopback hosts from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.1', 'ingest.example'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});
