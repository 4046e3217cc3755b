import { SluiceError, silentLogger, type Logger, type PipelineConfig } from '@sluice/core';
import { generateEvents, type GenerateOptions } from './generate-events';
import type { GeneratedRun } from './generated-event';
import { sendPaced, type SendProgress } from './send-paced';
import { directSender } from './senders/direct-sender';
import type { EventSender } from './senders/event-sender';
import { httpSender } from './senders/http-sender';

export interface LoadgenOptions extends GenerateOptions {
  /** Send straight to Kafka instead of through the ingest service. */
  readonly direct?: boolean;
  /** Ingest base URL; default from `ingest.host` / `ingest.port`. */
  readonly url?: string;
  /** The ingest API key to send (`Authorization: Bearer`), when ingest has keys. */
  readonly apiKey?: string;
  /**
   * Called with the generated run before anything is sent, so that what it
   * writes (the cli's truth file) survives a crash mid-run.
   */
  readonly onGenerated?: (generated: GeneratedRun) => void | Promise<void>;
  readonly batchMax?: number;
  readonly logger?: Logger;
  readonly onProgress?: (progress: SendProgress) => void;
}

/** Generates a run, hands it to `onGenerated` (before sending), and sends it. */
export async function runLoadgen(config: PipelineConfig, options: LoadgenOptions): Promise<{ progress: SendProgress; generated: GeneratedRun }> {
  const generated = generateEvents(config, options);
  await options.onGenerated?.(generated);
  const source = config.sources[generated.source];
  if (!source) throw new SluiceError('LOADGEN_USAGE', `no source ${generated.source} in this pipeline`);
  const host = config.ingest.host === '0.0.0.0' ? '127.0.0.1' : config.ingest.host;
  const several = Object.keys(config.sources).length > 1;
  const sender: EventSender = options.direct
    ? await directSender({ kafka: config.kafka, topic: source.topic, compression: config.ingest.compression, logger: options.logger ?? silentLogger })
    : httpSender({
        url: options.url ?? `${config.ingest.tls ? 'https' : 'http'}://${host}:${config.ingest.port}`,
        ...(several ? { source: source.name } : {}),
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      });
  try {
    const progress = await sendPaced(generated.records, sender, {
      ...(options.batchMax === undefined ? {} : { batchMax: options.batchMax }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { progress, generated };
  } finally {
    await sender.close();
  }
}
