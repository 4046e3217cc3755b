import { SluiceError } from '@sluice/core';

/** Machine-readable error codes of the ingest API, one per HTTP answer that is not 202. */
export const INGEST_ERROR_CODES = {
  malformed_body: 400,
  no_valid_events: 400,
  bad_encoding: 400,
  unknown_source: 404,
  source_required: 400,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  event_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  overloaded: 503,
  kafka_unavailable: 503,
  shutting_down: 503,
} as const;
export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;

/** A request the ingest service answers with an error status and a JSON body that says why. */
export class IngestError extends SluiceError {
  readonly status: number;

  constructor(
    readonly ingestCode: IngestErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Headers the answer carries (WWW-Authenticate, Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`INGEST_${ingestCode.toUpperCase()}`, message, { retriable: INGEST_ERROR_CODES[ingestCode] === 503 || INGEST_ERROR_CODES[ingestCode] === 429 });
    this.status = INGEST_ERROR_CODES[ingestCode];
  }

  /** The JSON body sent to the client. */
  body(): Record<string, unknown> {
    return { error: this.ingestCode, message: this.message, ...this.details };
  }
}
