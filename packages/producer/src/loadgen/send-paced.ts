import type { GeneratedEvent } from './generated-event';
import type { EventSender } from './senders/event-sender';

/** Where a run stands, for progress output. */
export interface SendProgress {
  readonly sent: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly retries: number;
}

export interface PacedOptions {
  /** Most records in one request or produce call. */
  readonly batchMax?: number;
  readonly onProgress?: (progress: SendProgress) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends records in order at their scheduled offsets: each batch holds every
 * record that is due (up to `batchMax`), so a slow answer makes the next batch
 * bigger instead of the run longer. Resolves with the run's duration.
 */
export async function sendPaced(records: readonly GeneratedEvent[], sender: EventSender, options: PacedOptions = {}): Promise<SendProgress> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const batchMax = options.batchMax ?? 500;
  const started = now();
  let next = 0;
  const progress = (): SendProgress => ({ sent: next, total: records.length, elapsedMs: now() - started, retries: sender.retries });
  while (next < records.length) {
    const elapsed = now() - started;
    const due = (records[next] as GeneratedEvent).sendOffsetMs;
    if (due > elapsed) {
      await sleep(Math.min(due - elapsed, 1000));
      continue;
    }
    let end = next + 1;
    while (end < records.length && end - next < batchMax && (records[end] as GeneratedEvent).sendOffsetMs <= elapsed) end++;
    await sender.send(records.slice(next, end));
    next = end;
    options.onProgress?.(progress());
  }
  return progress();
}
