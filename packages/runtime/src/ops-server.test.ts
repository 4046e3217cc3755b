import { MetricsRegistry } from '@sluice/core';
import { startOpsServer } from './ops-server';
import { expectHttpLimitsHeld, SMALL_HTTP_LIMITS } from '../../../test/support/http-clients';

describe('startOpsServer', () => {
  it('serves health, readiness and Prometheus metrics on a free port', async () => {
    const metrics = new MetricsRegistry();
    metrics.counter('sluice_test_events_total', 'events seen').inc({ view: 'v' }, 3);
    let ready = false;
    const server = await startOpsServer({
      port: 0,
      metrics,
      probe: { healthy: () => true, ready: async () => ready, details: () => ({ state: 'running' }) },
    });
    try {
      // The ops endpoints have no login: loopback is what guards them.
      expect(server.host).toBe('127.0.0.1');
      const base = `http://127.0.0.1:${server.port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', state: 'running' });
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('# TYPE sluice_test_events_total counter');
      expect(text).toContain('sluice_test_events_total{view="v"} 3');
      const missing = await fetch(`${base}/nope`);
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('says when its port is taken', async () => {
    const first = await startOpsServer({ port: 0, metrics: new MetricsRegistry(), probe: { healthy: () => true, ready: async () => true } });
    try {
      await expect(
        startOpsServer({ port: first.port, metrics: new MetricsRegistry(), probe: { healthy: () => true, ready: async () => true } }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('startOpsServer limits', () => {
  it('cuts a slowloris, refuses connections past its cap and keeps answering', async () => {
    const server = await startOpsServer({ port: 0, metrics: new MetricsRegistry(), probe: { healthy: () => true, ready: async () => true }, limits: SMALL_HTTP_LIMITS });
    try {
      await expectHttpLimitsHeld(`http://127.0.0.1:${server.port}`, '/healthz');
    } finally {
      await server.close();
    }
  });
});
