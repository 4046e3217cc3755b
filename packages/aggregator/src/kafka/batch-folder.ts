import type { Batch, Message } from 'kafkajs';
import { readSourceEvent, recordTimestampReference, type PipelineConfig, type ResultWriter, type ValueDecoder } from '@sluice/core';
import { valueDecoderFor } from '@sluice/kafka';
import type { AggregatorMetrics } from '../aggregator-metrics';
import { RECORD_ROLE, type SourcePartition } from '../engine/source-partition';
import { fieldsRead, type SourcePlan } from '../engine/view-plan';
import { deadLetterMessage, lateMessage } from './records';

/** The part of a kafkajs Batch that folding reads. */
export type FetchedBatch = Pick<Batch, 'topic' | 'partition' | 'messages' | 'offsetLag'>;

/**
 * Folds one fetched batch into its partition's state: decode, event time,
 * every view of the source. Late events and undecodable records (an event
 * time out of range among them, which so never moves the watermark) are copied
 * out (after the batch, in one send each), except while replaying records
 * whose copies were sent before a restart.
 */
export class BatchFolder {
  /** One decoder per source topic, building only the fields its views read; an Avro source's writer schemas are fetched once. */
  private readonly decoders = new Map<string, ValueDecoder>();

  constructor(
    private readonly config: PipelineConfig,
    private readonly plans: ReadonlyMap<string, SourcePlan>,
    private readonly writer: ResultWriter<Message>,
    private readonly metrics: AggregatorMetrics,
    private readonly clock: () => number,
  ) {
    for (const [topic, plan] of plans) this.decoders.set(topic, valueDecoderFor(plan.source, config, fieldsRead(plan)));
  }

  /** Fetches what decoding `batch` needs (Avro writer schemas); `fold` is synchronous and cannot wait. */
  async prepare(batch: FetchedBatch): Promise<void> {
    await this.decoders.get(batch.topic)?.prepare(batch.messages.map((message) => message.value));
  }

  /** Folds the records of `batch` not folded yet; returns how many were read. */
  fold(batch: FetchedBatch, state: SourcePartition): number {
    const plan = this.plans.get(batch.topic);
    if (!plan) return 0;
    const decoder = this.decoders.get(batch.topic)!;
    const late: Message[] = [];
    const dead: Message[] = [];
    let read = 0;
    for (const message of batch.messages) {
      const offset = offsetOf(message.offset);
      const role = state.reach(offset);
      if (role === RECORD_ROLE.folded) continue;
      read++;
      const silent = role === RECORD_ROLE.replayed;
      const decoded = readSourceEvent(plan.source, decoder, message.value, recordTimestampReference(message.timestamp));
      if (!decoded.ok) {
        if (!silent) dead.push(deadLetterMessage({ topic: batch.topic, partition: batch.partition, message }, decoded.reason));
        state.skip(offset);
        continue;
      }
      const ts = decoded.eventTime;
      const lateViews = state.fold(decoded.event, ts, offset);
      if (lateViews.length === 0 || silent) continue;
      late.push(lateMessage({ topic: batch.topic, partition: batch.partition, message }, lateViews, ts));
      for (const view of lateViews) this.metrics.lateEvents.inc({ view });
    }
    state.endBatch(Number(batch.offsetLag()), read, this.clock());
    this.metrics.eventsIn.inc({ topic: batch.topic }, read);
    this.metrics.deadLettered.inc({ topic: batch.topic }, dead.length);
    this.writer.send(this.config.kafka.topics.late, late);
    this.writer.send(this.config.kafka.topics.deadLetter, dead);
    this.metrics.consumerLag.set(state.lag, { topic: batch.topic, partition: String(batch.partition) });
    return read;
  }
}

/**
 * A record's offset, which kafkajs gives as a decimal string. Summed digit by
 * digit: Number() of a fresh string takes the runtime's general number parser,
 * a measurable share of the per-record cost. Exact below 2^53, far past any
 * offset a partition reaches.
 */
function offsetOf(text: string): number {
  let offset = 0;
  for (let i = 0; i < text.length; i++) offset = offset * 10 + (text.charCodeAt(i) - 48);
  return offset;
}
