import { SluiceError, type Histogram, type Logger, type PipelineTopicSpec } from '@sluice/core';
import { ensurePipelineTopics } from '@sluice/kafka';
import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { IngestError } from './ingest-error';

export interface DeliveryOptions {
  /** How long a batch waits for more events before it is sent. */
  readonly lingerMs: number;
  readonly compression: 'none' | 'gzip';
  /** How often to try Kafka again after it failed. */
  readonly probeIntervalMs?: number;
  readonly logger: Logger;
  readonly produceSeconds?: Histogram;
  /**
   * Topics made, with the shapes the contracts give, before the producer
   * connects. The producer never creates a topic itself: the broker would give
   * a missing source its default partition count.
   */
  readonly topics?: readonly PipelineTopicSpec[];
}

/** Uncompressed value bytes per produce call. */
const MAX_BATCH_BYTES = 1_048_576;

function byteLength(value: Message['value']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

interface Pending {
  readonly topic: string;
  readonly messages: Message[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Delivers events to Kafka through one idempotent producer (acks all). Events
 * of concurrent requests that arrive within the linger time go out as one
 * batch, and one batch is in flight at a time, so per-partition order follows
 * arrival order. When Kafka fails, every waiting request fails with 503 and
 * new ones are turned away until a fresh producer connects again.
 */
export class KafkaDelivery {
  private producer: Producer | undefined;
  private available = false;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private probe: NodeJS.Timeout | undefined;
  private stopped = false;
  private topicsEnsured = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: DeliveryOptions,
  ) {}

  /** Connects; when Kafka is not there yet, keeps trying in the background. */
  async start(): Promise<void> {
    if (!(await this.connect())) this.scheduleProbe();
  }

  /** True while a connected producer is delivering. */
  get ready(): boolean {
    return this.available && !this.stopped;
  }

  /** Resolves once Kafka acknowledged every message; rejects with a 503 IngestError otherwise. */
  deliver(topic: string, messages: Message[]): Promise<void> {
    if (!this.ready) return Promise.reject(new IngestError('kafka_unavailable', 'Kafka is unreachable; nothing was accepted, retry later'));
    return new Promise((resolve, reject) => {
      this.pending.push({ topic, messages, resolve, reject });
      if (!this.timer && !this.inFlight) this.timer = setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  /** Turns requests away from now on, until a fresh producer connects (Kafka stopped answering). */
  markUnreachable(error: unknown): void {
    if (!this.available) return;
    this.options.logger.error('Kafka does not answer; turning requests away until it does', { error: error as Error });
    this.trip();
  }

  /** Sends what is waiting, waits for every batch, and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.probe) clearTimeout(this.probe);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
    }
    while (this.inFlight) await this.inFlight;
    await this.producer?.disconnect();
  }

  private flush(): void {
    this.timer = undefined;
    if (this.inFlight || this.pending.length === 0) return;
    // Cap a batch well below the broker's default max.message.bytes; the rest goes next.
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || bytes < MAX_BATCH_BYTES)) {
      for (const message of (this.pending[count] as Pending).messages) bytes += byteLength(message.value);
      count++;
    }
    const batch = this.pending.splice(0, count);
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = undefined;
      if (this.pending.length > 0) this.flush();
    });
  }

  private async send(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const entry of batch) {
      const list = byTopic.get(entry.topic) ?? [];
      list.push(...entry.messages);
      byTopic.set(entry.topic, list);
    }
    const started = performance.now();
    try {
      if (!this.producer || !this.available) throw new SluiceError('KAFKA_NOT_CONNECTED', 'no connected producer', { retriable: true });
      await this.producer.sendBatch({
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      this.options.produceSeconds?.observe((performance.now() - started) / 1000);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      this.options.logger.error('produce failed; turning requests away until Kafka answers again', { error: error as Error });
      const failure = new IngestError('kafka_unavailable', `Kafka did not acknowledge the events (${(error as Error).message}); retry later`);
      for (const entry of batch) entry.reject(failure);
      for (const entry of this.pending.splice(0)) entry.reject(failure);
      this.trip();
    }
  }

  private trip(): void {
    if (!this.available) return;
    this.available = false;
    const old = this.producer;
    this.producer = undefined;
    old?.disconnect().catch((error: unknown) => this.options.logger.debug('old producer did not disconnect cleanly', { error: error as Error }));
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.stopped || this.probe) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      void this.connect().then((connected) => {
        if (!connected) this.scheduleProbe();
      });
    }, this.options.probeIntervalMs ?? 1_000);
  }

  /** Makes the missing topics, once; false, with a warning, while Kafka cannot (unreachable, or not allowed). */
  private async ensureTopics(): Promise<boolean> {
    const topics = this.options.topics ?? [];
    if (topics.length === 0 || this.topicsEnsured) return true;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await ensurePipelineTopics(admin, topics, this.options.logger);
      this.topicsEnsured = true;
      return true;
    } catch (error) {
      this.options.logger.warn('the source topics cannot be ensured yet; nothing is accepted until they can', { error: error as Error });
      return false;
    } finally {
      await admin.disconnect().catch((error: unknown) => this.options.logger.debug('admin client did not close cleanly', { error: error as Error }));
    }
  }

  private async connect(): Promise<boolean> {
    if (!(await this.ensureTopics())) return false;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      this.options.logger.warn('Kafka is not reachable yet', { error: error as Error });
      await producer.disconnect().catch((error: unknown) => this.options.logger.debug('unconnected producer did not close cleanly', { error: error as Error }));
      return false;
    }
    if (this.stopped) {
      await producer.disconnect();
      return false;
    }
    this.producer = producer;
    this.available = true;
    this.options.logger.info('connected to Kafka');
    return true;
  }
}
