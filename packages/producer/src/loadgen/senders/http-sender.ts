import { SluiceError } from '@sluice/core';
import type { GeneratedEvent } from '../generated-event';
import type { EventSender } from './event-sender';

export interface HttpSenderOptions {
  /** Base URL of the ingest service, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly source?: string;
  /** Sent as `Authorization: Bearer <key>` when ingest has API keys. */
  readonly apiKey?: string;
  /** Gives up on a batch after this many 503 answers in a row. */
  readonly maxRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Posts batches as NDJSON to the ingest service over a keep-alive connection,
 * one request at a time so that per-partition order is the send order.
 * A 503 is waited out for its Retry-After and the same batch sent again.
 */
export function httpSender(options: HttpSenderOptions): EventSender {
  const endpoint = `${options.url.replace(/\/$/, '')}/v1/events${options.source ? `/${encodeURIComponent(options.source)}` : ''}`;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRetries = options.maxRetries ?? 600;
  const headers = { 'content-type': 'application/x-ndjson', ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }) };
  let retries = 0;
  return {
    get retries() {
      return retries;
    },
    async send(records: readonly GeneratedEvent[]): Promise<void> {
      const body = records.map((record) => JSON.stringify(record.event)).join('\n');
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(endpoint, { method: 'POST', headers, body });
        const text = await response.text();
        if (response.status === 202) {
          const answer = JSON.parse(text) as { accepted: number; rejected: unknown[] };
          if (answer.rejected.length > 0) throw new SluiceError('LOADGEN_REJECTED', `ingest rejected generated events: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
          return;
        }
        if (response.status !== 503 || attempt >= maxRetries) {
          throw new SluiceError('LOADGEN_HTTP_FAILED', `ingest answered ${response.status}: ${text.slice(0, 500)}`, { retriable: response.status === 503 });
        }
        retries++;
        await sleep(retryAfterMs(response.headers.get('retry-after')));
      }
    },
    close: async () => undefined,
  };
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}
