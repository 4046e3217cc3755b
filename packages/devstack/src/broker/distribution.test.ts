import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_POM_PATH, parseKafkaVersion, sluiceCacheDir } from './distribution';
import { newClusterId } from './storage';

describe('the Kafka distribution', () => {
  it('takes a 4.x version from the shipped pom', () => {
    expect(parseKafkaVersion(readFileSync(KAFKA_POM_PATH, 'utf8'))).toMatch(/^4\.\d+\.\d+$/);
  });

  it('caches under SLUICE_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(sluiceCacheDir({ SLUICE_CACHE_DIR: '/tmp/c', XDG_CACHE_HOME: '/x' })).toBe('/tmp/c');
    expect(sluiceCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'sluice'));
    expect(sluiceCacheDir({})).toMatch(/\.cache[/\\]sluice$/);
  });

  it('makes cluster ids the way Kafka prints them: 22 URL-safe characters, never a leading dash', () => {
    for (let i = 0; i < 500; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
