import type { Rejection } from './accept-batch';
import { IngestError } from './ingest-error';
import { summarizeRejections } from './rejection-summary';

/**
 * The answer to a body none of whose events is valid: 413 `event_too_large`
 * when every event was refused for its size alone (resending it smaller may
 * work), 400 `no_valid_events` otherwise. Both carry the rejection summary.
 */
export function noValidEvents(itemCount: number, rejected: readonly Rejection[]): IngestError {
  const details = { accepted: 0, ...summarizeRejections(rejected) };
  if (itemCount === 0) return new IngestError('no_valid_events', 'the body holds no events', details);
  const [first] = rejected;
  if (first !== undefined && rejected.every((rejection) => rejection.reason === 'event_too_large')) {
    return new IngestError('event_too_large', rejected.length === 1 ? first.message : `every event of the batch is too large: ${first.message}`, details);
  }
  return new IngestError('no_valid_events', 'no event in the batch is valid', details);
}
