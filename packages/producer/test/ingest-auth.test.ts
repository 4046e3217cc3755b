import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, buildPipeline, createLogger, type PipelineConfig } from '@sluice/core';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { hashApiKey, startIngest } from '../src/index';
import { post, startTestIngest, testEvent, type Answer, type TestIngest } from './support/ingest-fixture';

const CLI = resolve(__dirname, '..', '..', 'cli', 'bin', 'sluice.js');
const KEYS = { web: `web-${randomBytes(16).toString('hex')}`, slow: `slow-${randomBytes(16).toString('hex')}`, batchy: `batchy-${randomBytes(16).toString('hex')}` };
const FIELDS = { user_id: 'string', ts: 'number', latency_ms: 'number', type: 'string' };

function authConfig(events: string, clicks: string, ingest: Record<string, unknown> = {}): PipelineConfig {
  return buildPipeline({
    kafka: { brokers: testBrokers() },
    ingest: {
      linger: 5,
      apiKeys: [
        { id: 'web', sha256: hashApiKey(KEYS.web), sources: ['events'] },
        // A rate so low that the bucket does not refill within the test: the second request is over it, whatever the timing.
        { id: 'slow', sha256: hashApiKey(KEYS.slow), sources: ['*'], rateLimit: { requestsPerSecond: 0.001, burst: 1 } },
        { id: 'batchy', sha256: hashApiKey(KEYS.batchy), sources: ['clicks'], rateLimit: { eventsPerSecond: 0.001, burst: 3 } },
      ],
      ...ingest,
    },
    sources: {
      events: { topic: events, key: 'user_id', timestamp: 'ts', partitions: 1, fields: FIELDS },
      clicks: { topic: clicks, key: 'user_id', timestamp: 'ts', partitions: 1, fields: FIELDS },
    },
  });
}

const send = (service: Pick<TestIngest, 'url'>, source: string, key: string | undefined, events: unknown[], scheme = 'Bearer'): Promise<Answer> =>
  post(service, JSON.stringify(events), { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `${scheme} ${key}` }) }, `/v1/events/${source}`);

describe('ingest with API keys', () => {
  let service: TestIngest;
  let topics: { events: string; clicks: string };
  const logs: string[] = [];

  beforeAll(async () => {
    topics = { events: await createTestTopic('ingest_auth_events', 1), clicks: await createTestTopic('ingest_auth_clicks', 1) };
    const logger = createLogger({ module: 'test', level: 'debug', sink: (entry) => logs.push(JSON.stringify(entry)) });
    service = await startTestIngest(authConfig(topics.events, topics.clicks), { logger });
  });
  afterAll(() => service.stop());

  it('answers 401 with WWW-Authenticate to a request without a key or with a wrong one', async () => {
    for (const [key, scheme, challenge] of [
      [undefined, 'Bearer', 'Bearer realm="sluice ingest"'],
      [`${KEYS.web}x`, 'Bearer', 'Bearer realm="sluice ingest", error="invalid_token"'],
      [KEYS.web, 'Basic', 'Bearer realm="sluice ingest", error="invalid_token"'],
    ] as const) {
      const response = await fetch(`${service.url}/v1/events/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `${scheme} ${key}` }) },
        body: JSON.stringify(testEvent(1)),
      });
      expect({ status: response.status, challenge: response.headers.get('www-authenticate'), error: ((await response.json()) as { error: string }).error }).toEqual({
        status: 401,
        challenge,
        error: 'unauthorized',
      });
    }
  });

  it('answers 403 to a key not allowed for the source, and accepts it for its own', async () => {
    expect(await send(service, 'clicks', KEYS.web, [testEvent(2)])).toMatchObject({ status: 403, body: { error: 'forbidden', key: 'web' } });
    expect(await send(service, 'events', KEYS.web, [testEvent(3), testEvent(4)])).toMatchObject({ status: 202, body: { accepted: 2 } });
    const landed = (await readAllRecords(topics.events)).map((record) => (JSON.parse(String(record.value)) as { ts: number }).ts);
    expect(landed.sort()).toEqual([testEvent(3)['ts'], testEvent(4)['ts']]);
    expect(await readAllRecords(topics.clicks)).toEqual([]);
  });

  it('answers 429 with Retry-After past a key request rate', async () => {
    expect((await send(service, 'events', KEYS.slow, [testEvent(5)])).status).toBe(202);
    const over = await send(service, 'events', KEYS.slow, [testEvent(6)]);
    expect(over).toMatchObject({ status: 429, body: { error: 'rate_limited', key: 'slow' } });
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('counts events against an event rate: 429 past it, 413 for a batch larger than the burst', async () => {
    expect((await send(service, 'clicks', KEYS.batchy, [testEvent(7), testEvent(8)])).status).toBe(202);
    const over = await send(service, 'clicks', KEYS.batchy, [testEvent(9), testEvent(10)]);
    expect(over).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(await send(service, 'clicks', KEYS.batchy, [1, 2, 3, 4].map((i) => testEvent(20 + i)))).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  });

  it('labels the request and event counters with the key id, and serves no ops endpoint on the public listener', async () => {
    const metrics = service.metricsText();
    expect(metrics).toMatch(/^sluice_ingest_requests_total\{status="202",key="web"\} 1$/m);
    expect(metrics).toMatch(/^sluice_ingest_requests_total\{status="403",key="web"\} 1$/m);
    expect(metrics).toMatch(/^sluice_ingest_requests_total\{status="401",key=""\} 3$/m);
    expect(metrics).toMatch(/^sluice_ingest_events_accepted_total\{key="web"\} 2$/m);
    expect(metrics).toMatch(/^sluice_ingest_requests_total\{status="429",key="slow"\} 1$/m);
    for (const path of ['/metrics', '/healthz', '/readyz']) expect((await fetch(`${service.url}${path}`)).status).toBe(404);
  });

  it('names key ids in its logs and never a key', () => {
    const text = logs.join('\n');
    expect(text).toContain('"web"');
    expect(text).toContain('"slow"');
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
    // Nor any 12-character piece of one, in case a log line cut it.
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key.slice(-12));
  });
});

describe('ingest over TLS', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ingest-tls-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves HTTPS with the configured certificate and accepts events over it', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    const topic = await createTestTopic('ingest_tls', 1);
    const config = authConfig(topic, `${topic}_clicks`, { tls: { certFile: cert, keyFile: key } });
    const service = await startIngest(config, { host: '127.0.0.1', port: 0 });
    try {
      expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(cert);
      const body = JSON.stringify([testEvent(1)]);
      const status = await new Promise<number>((resolveStatus, reject) => {
        const sent = request(`${service.url}/v1/events/events`, { method: 'POST', ca, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.web}` } }, (response) => {
          response.resume();
          response.on('end', () => resolveStatus(response.statusCode ?? 0));
        });
        sent.on('error', reject);
        sent.end(body);
      });
      expect(status).toBe(202);
      expect((await readAllRecords(topic)).length).toBe(1);
      // Plain HTTP to the TLS port gets no answer from ingest.
      await expect(fetch(service.url.replace('https:', 'http:'))).rejects.toThrow();
    } finally {
      await service.stop();
    }
  });
});

describe('ingest without API keys', () => {
  const open = (ingest: Record<string, unknown>) =>
    buildPipeline({ kafka: { brokers: testBrokers() }, ingest, sources: { events: { topic: 'unused', key: 'user_id', timestamp: 'ts' } } });

  it('refuses to listen on a non-loopback address unless allowUnauthenticated says so', async () => {
    const error = await startIngest(open({}), { host: '0.0.0.0', port: 0 }).then(
      (service) => service.stop().then(() => undefined),
      (refused: unknown) => refused,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/ingest\.host: is not a loopback address and ingest has no API key.*\(got "0\.0\.0\.0"\)/);
    const allowed = await startIngest(open({ allowUnauthenticated: true }), { host: '0.0.0.0', port: 0 });
    await allowed.stop();
  });

  it('sluice ingest exits 2 with the reason for such a config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-ingest-open-'));
    try {
      const file = join(dir, 'sluice.yaml');
      await writeFile(file, `ingest: { host: 0.0.0.0 }\nsources:\n  events: { topic: unused, key: user_id, timestamp: ts }\n`);
      const run = spawnSync(process.execPath, [CLI, 'ingest', '-c', file], { encoding: 'utf8', timeout: 60_000 });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/ingest\.host: is not a loopback address/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
