import { buildPipeline, silentLogger } from '@sluice/core';
import { expectHttpLimitsHeld, SMALL_HTTP_CONFIG } from '../../../test/support/http-clients';
import { startDashboard } from './server';

describe('dashboard server limits', () => {
  it('cuts a slowloris, refuses connections past dashboard.http.maxConnections and keeps answering', async () => {
    const config = buildPipeline({ dashboard: { http: SMALL_HTTP_CONFIG }, sources: { events: { topic: 'events', key: 'k', timestamp: 'ts' } } });
    // Only /healthz is asked, which reads no storage.
    const unused = () => Promise.reject(new Error('not used'));
    const dashboard = await startDashboard({
      config,
      storage: { reader: { rows: unused }, probe: { ping: unused }, usage: { tableUsage: unused } },
      logger: silentLogger,
      host: '127.0.0.1',
      port: 0,
      workers: [],
    });
    try {
      await expectHttpLimitsHeld(dashboard.url, '/healthz');
    } finally {
      await dashboard.close();
    }
  });
});
