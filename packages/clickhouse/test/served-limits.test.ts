import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { expectHttpLimitsHeld, SMALL_HTTP_LIMITS } from '../../../test/support/http-clients';

describe('embedded ClickHouse served with timeouts and a connection cap', () => {
  let server: EmbeddedClickHouseServer;

  beforeAll(async () => {
    server = await serveEmbeddedClickHouse({ path: ':memory:', port: 0, credentials: { user: 'sluice', password: 'limits-test' }, httpLimits: SMALL_HTTP_LIMITS });
  });
  afterAll(() => server.stop());

  it('cuts a slowloris, refuses connections past its cap and keeps answering', async () => {
    await expectHttpLimitsHeld(server.url, '/ping');
  });
});
