import type { IngestApiKey } from '@sluice/core';
import { IngestError } from '../ingest-error';
import { hashApiKey } from './hash-api-key';
import { IngestGuard } from './ingest-guard';

const key = (id: string, sources: string[], rateLimit?: IngestApiKey['rateLimit']): IngestApiKey => ({ id, sha256: hashApiKey(`${id}-secret`), sources, ...(rateLimit ? { rateLimit } : {}) });

function refusal(action: () => unknown): { status: number; headers: Record<string, string> } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return { status: error.status, headers: { ...error.headers } };
  }
}

describe('IngestGuard', () => {
  it('without keys lets everyone through as nobody, with no metric label', () => {
    const guard = new IngestGuard([]);
    const caller = guard.identify(undefined);
    expect(caller).toEqual({ keyId: undefined });
    expect(refusal(() => guard.authorize(caller, 'events'))).toBeUndefined();
    expect(guard.labels(caller)).toEqual({});
  });

  it('identifies the key a bearer token hashes to, and checks its sources', () => {
    const guard = new IngestGuard([key('web', ['events']), key('all', ['*'])]);
    expect(refusal(() => guard.identify(undefined))).toEqual({ status: 401, headers: { 'www-authenticate': 'Bearer realm="sluice ingest"' } });
    expect(refusal(() => guard.identify('Bearer nope'))?.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    const web = guard.identify('bearer  web-secret');
    expect(web).toEqual({ keyId: 'web' });
    expect(guard.labels(web)).toEqual({ key: 'web' });
    expect(refusal(() => guard.authorize(web, 'clicks'))?.status).toBe(403);
    expect(refusal(() => guard.authorize(guard.identify('Bearer all-secret'), 'clicks'))).toBeUndefined();
  });

  it('spends requests or events from each key bucket and says when to retry', () => {
    let now = 0;
    const guard = new IngestGuard([key('r', ['*'], { unit: 'request', perSecond: 0.5, burst: 1 }), key('e', ['*'], { unit: 'event', perSecond: 10, burst: 20 })], () => now);
    const r = guard.identify('Bearer r-secret');
    guard.authorize(r, 'events');
    expect(refusal(() => guard.authorize(r, 'events'))).toEqual({ status: 429, headers: { 'retry-after': '2' } });
    now += 2_000;
    expect(refusal(() => guard.authorize(r, 'events'))).toBeUndefined();
    const e = guard.identify('Bearer e-secret');
    guard.takeEvents(e, 15);
    expect(refusal(() => guard.takeEvents(e, 10))).toEqual({ status: 429, headers: { 'retry-after': '1' } });
    expect(refusal(() => guard.takeEvents(e, 21))?.status).toBe(413);
  });
});
