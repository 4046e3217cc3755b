import type { SluiceError } from '@sluice/core';
import { KAFKA_ERROR_CODES, toSluiceError } from './kafka-error-table';

const REFUSALS = new Set<string>([KAFKA_ERROR_CODES.authenticationFailed, KAFKA_ERROR_CODES.tlsFailed]);

/**
 * The failure as a SluiceError when Kafka answered but refused the login or
 * presented a certificate that does not verify: waiting does not fix either,
 * so callers that would otherwise wait for Kafka stop instead.
 */
export function connectionRefusal(error: unknown, context?: string): SluiceError | undefined {
  const failure = toSluiceError(error, context);
  return REFUSALS.has(failure.code) ? failure : undefined;
}
