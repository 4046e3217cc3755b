import type { ClickHouseClient } from '@clickhouse/client';
import type { BatchStore, ProgressStore, RawStore, RetentionStore, SchemaStore, ServingReader, SpeedTableWriter, StoreProbe, TableUsageReader } from '@sluice/core';
import { ClickHouseBatchStore } from './clickhouse-batch-store';
import { ClickHouseProbe } from './clickhouse-probe';
import { ClickHouseProgressStore } from './clickhouse-progress-store';
import { ClickHouseRawStore } from './clickhouse-raw-store';
import { ClickHouseRetentionStore } from './clickhouse-retention-store';
import { ClickHouseSchemaStore } from './clickhouse-schema-store';
import { ClickHouseServingReader } from './clickhouse-serving-reader';
import { ClickHouseSpeedTableWriter } from './clickhouse-speed-table-writer';
import { ClickHouseTableUsage } from './clickhouse-table-usage';

/** Every port core declares for storage, implemented over one ClickHouse client. */
export interface ClickHouseStorage {
  readonly schema: SchemaStore;
  readonly speedTables: SpeedTableWriter;
  readonly raw: RawStore;
  readonly progress: ProgressStore;
  readonly batch: BatchStore;
  readonly retention: RetentionStore;
  readonly reader: ServingReader;
  readonly probe: StoreProbe;
  readonly usage: TableUsageReader;
}

/**
 * The storage ports over a client, naming every table in `database` (the
 * client may be bound to another one). The client stays the caller's to close.
 *
 * @example
 * const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
 * const sink = new ServingSink({ config, kafka, storage: clickHouseStorage(clickhouse), logger, metrics });
 */
export function clickHouseStorage({ client, database }: { readonly client: ClickHouseClient; readonly database: string }): ClickHouseStorage {
  return {
    schema: new ClickHouseSchemaStore(client, database),
    speedTables: new ClickHouseSpeedTableWriter(client, database),
    raw: new ClickHouseRawStore(client, database),
    progress: new ClickHouseProgressStore(client, database),
    batch: new ClickHouseBatchStore(client, database),
    retention: new ClickHouseRetentionStore(client, database),
    reader: new ClickHouseServingReader(client),
    probe: new ClickHouseProbe(client),
    usage: new ClickHouseTableUsage(client, database),
  };
}
