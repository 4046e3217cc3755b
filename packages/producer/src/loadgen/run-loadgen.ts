import { writeFile } from 'node:fs/promises';
import { SluiceError, silentLogger, type Logger, type PipelineConfig } from '@sluice/core';
import { computeTruth } from '../truth/compute-truth';
import type { TruthFile } from '../truth/truth-types';
import { generateEvents, type GenerateOptions } from './generate-events';
import { sendPaced, type SendProgress } from './send-paced';
import { directSender } from './senders/direct-sender';
import type { EventSender } from './senders/event-sender';
import { httpSender } from './senders/http-sender';

export interface LoadgenOptions extends GenerateOptions {
  /** Send straight to Kafka instead of through the ingest service. */
  readonly direct?: boolean;
  /** Ingest base URL; default from `ingest.host` / `ingest.port`. */
  readonly url?: string;
  /** Where to write the truth file. */
  readonly truthFile?: string;
  readonly batchMax?: number;
  readonly logger?: Logger;
  readonly onProgress?: (progress: SendProgress) => void;
}

/** Generates a run, writes its truth (before sending, so a crash still leaves it), and sends it. */
export async function runLoadgen(config: PipelineConfig, options: LoadgenOptions): Promise<{ progress: SendProgress; truth: TruthFile }> {
  const generated = generateEvents(config, options);
  const truth = computeTruth(config, generated);
  if (options.truthFile) await writeFile(options.truthFile, JSON.stringify(truth));
  const source = config.sources[generated.source];
  if (!source) throw new SluiceError('LOADGEN_USAGE', `no source ${generated.source} in this pipeline`);
  const host = config.ingest.host === '0.0.0.0' ? '127.0.0.1' : config.ingest.host;
  const several = Object.keys(config.sources).length > 1;
  const sender: EventSender = options.direct
    ? await directSender({ kafka: config.kafka, topic: source.topic, compression: config.ingest.compression, logger: options.logger ?? silentLogger })
    : httpSender({ url: options.url ?? `http://${host}:${config.ingest.port}`, ...(several ? { source: source.name } : {}) });
  try {
    const progress = await sendPaced(generated.records, sender, {
      ...(options.batchMax === undefined ? {} : { batchMax: options.batchMax }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { progress, truth };
  } finally {
    await sender.close();
  }
}
