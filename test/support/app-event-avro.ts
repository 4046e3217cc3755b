import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { GeneratedEvent } from '@sluice/producer';

const FIELDS_V1 = [
  { name: 'event_id', type: 'string' },
  { name: 'ts', type: 'long' },
  { name: 'user_id', type: 'string' },
  { name: 'session_id', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'page', type: 'string' },
  { name: 'country', type: 'string' },
  { name: 'device', type: 'string' },
  { name: 'latency_ms', type: 'int' },
];

/** The load generator's events without the purchase amount. */
export const APP_EVENT_SCHEMA_V1 = { type: 'record', name: 'AppEvent', namespace: 'dev.sluice.test', fields: FIELDS_V1 };
/** The next version adds the purchase amount (nullable, so readers of either version agree). */
export const APP_EVENT_SCHEMA_V2 = { ...APP_EVENT_SCHEMA_V1, fields: [...FIELDS_V1, { name: 'amount', type: ['null', 'double'], default: null }] };

/** Generated records as Avro, keyed and partitioned as generated; the schema ids used. */
export interface AvroRecords {
  readonly messages: { key: string; partition: number; value: Buffer }[];
  readonly v1: number;
  readonly v2: number;
}

/**
 * Registers both versions under `<topic>-value` in the registry at `url` and
 * encodes each record in the Confluent wire format: purchases (which carry an
 * amount) with version 2, the rest with version 1, as a topic looks while
 * its producers upgrade.
 */
export async function encodeAsAvro(url: string, topic: string, records: readonly GeneratedEvent[]): Promise<AvroRecords> {
  const client = new SchemaRegistry({ host: url });
  const subject = { subject: `${topic}-value` };
  const { id: v1 } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(APP_EVENT_SCHEMA_V1) }, subject);
  const { id: v2 } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(APP_EVENT_SCHEMA_V2) }, subject);
  const messages = [];
  for (const record of records) {
    const id = 'amount' in record.event ? v2 : v1;
    messages.push({ key: record.key, partition: record.partition, value: await client.encode(id, record.event) });
  }
  return { messages, v1, v2 };
}
