import type { ClickHouseClient } from '@clickhouse/client';
import type { ServingReader } from '@sluice/core';
import { selectRows } from './json-rows';

/** SELECTs for the dashboard and the reports, as JSONEachRow. */
export class ClickHouseServingReader implements ServingReader {
  constructor(private readonly client: ClickHouseClient) {}

  rows(sql: string): Promise<Record<string, unknown>[]> {
    return selectRows<Record<string, unknown>>(this.client, sql);
  }
}
