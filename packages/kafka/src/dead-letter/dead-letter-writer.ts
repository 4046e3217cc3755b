import type { IHeaders, Producer } from 'kafkajs';
import { toSluiceError } from '../errors/kafka-error-table';
import { DEAD_LETTER_HEADERS } from '@sluice/core';
import { deadLetterHeaders } from './dead-letter-headers';

/** A consumed record as it came off the source topic, bytes untouched. */
export interface UndecodableRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** Sends records that cannot be decoded to the dead-letter topic instead of dropping them. */
export interface DeadLetterWriter {
  /** Resolves once Kafka has acknowledged the dead letter; rejects with a SluiceError otherwise. */
  send(record: UndecodableRecord, reason: string): Promise<void>;
}

/**
 * A writer to `topic` over a connected producer. The dead letter keeps the
 * original key and value byte for byte, and its original headers, and adds the
 * `sluice-*` headers with the reason and the record's origin.
 */
export function createDeadLetterWriter(producer: Producer, topic: string): DeadLetterWriter {
  return {
    async send(record, reason) {
      const headers: IHeaders = {
        ...withoutSluiceHeaders(record.headers),
        ...deadLetterHeaders({ reason, topic: record.topic, partition: record.partition, offset: record.offset }),
      };
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: record.key, value: record.value, headers }] });
      } catch (error) {
        throw toSluiceError(error, `dead-lettering ${record.topic}/${record.partition}@${record.offset} to ${topic}`);
      }
    },
  };
}

/** A record dead-lettered twice keeps only the latest origin, not a mix of both. */
function withoutSluiceHeaders(headers: IHeaders | undefined): IHeaders {
  const names = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !names.has(name)));
}
