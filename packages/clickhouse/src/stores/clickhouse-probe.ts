import type { ClickHouseClient } from '@clickhouse/client';
import type { StorePing, StoreProbe } from '@sluice/core';

/** The client's ping (`/ping` over HTTP, a trivial query embedded), which reports failure instead of throwing. */
export class ClickHouseProbe implements StoreProbe {
  constructor(private readonly client: ClickHouseClient) {}

  async ping(): Promise<StorePing> {
    const result = await this.client.ping();
    return result.success ? { reachable: true } : { reachable: false, error: result.error.message };
  }
}
