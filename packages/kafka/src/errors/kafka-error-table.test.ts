import { SluiceError } from '@sluice/core';
import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { KafkaError } from './kafka-error';
import { CLIENT_ERROR_TABLE, KAFKA_ERROR_CODES, PROTOCOL_ERROR_TABLE, toSluiceError } from './kafka-error-table';

/** A broker error as kafkajs builds it from a response's error code. */
function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(`broker says ${type}`), { type, code: 1, retriable }));
}

describe('toSluiceError', () => {
  it.each([
    ['NOT_LEADER_FOR_PARTITION', KAFKA_ERROR_CODES.leaderMoved, true],
    ['UNKNOWN_TOPIC_OR_PARTITION', KAFKA_ERROR_CODES.unknownTopic, true],
    ['REBALANCE_IN_PROGRESS', KAFKA_ERROR_CODES.rebalance, true],
    ['REQUEST_TIMED_OUT', KAFKA_ERROR_CODES.timeout, true],
    ['MESSAGE_TOO_LARGE', KAFKA_ERROR_CODES.recordTooLarge, false],
    ['TOPIC_AUTHORIZATION_FAILED', KAFKA_ERROR_CODES.notAuthorized, false],
    ['SASL_AUTHENTICATION_FAILED', KAFKA_ERROR_CODES.authenticationFailed, false],
    ['INVALID_PRODUCER_EPOCH', KAFKA_ERROR_CODES.producerFenced, false],
    ['TOPIC_ALREADY_EXISTS', KAFKA_ERROR_CODES.topicExists, false],
  ])('maps the broker error %s to %s (retriable: %s)', (type, code, retriable) => {
    const mapped = toSluiceError(protocolError(type, !retriable));

    expect(mapped).toBeInstanceOf(KafkaError);
    expect(mapped).toMatchObject({ code, retriable, kafkaType: type });
  });

  it('maps kafkajs connection failures and timeouts to retriable errors', () => {
    expect(toSluiceError(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toMatchObject({
      code: KAFKA_ERROR_CODES.unavailable,
      retriable: true,
    });
    expect(toSluiceError(new KafkaJSRequestTimeoutError('Request Metadata(key: 3, version: 6) timed out'))).toMatchObject({
      code: KAFKA_ERROR_CODES.timeout,
      retriable: true,
    });
  });

  it('fails a refused login and a broker certificate that does not verify at once: no retry fixes either', () => {
    // kafkajs's typings declare no constructor arguments, but it needs the message.
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    expect(toSluiceError(new SaslError('SASL SCRAM SHA512 authentication failed'))).toMatchObject({
      code: KAFKA_ERROR_CODES.authenticationFailed,
      retriable: false,
    });
    const untrusted = new KafkaJSConnectionError('Connection error: self-signed certificate in certificate chain', {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(toSluiceError(untrusted)).toMatchObject({ code: KAFKA_ERROR_CODES.tlsFailed, retriable: false });
  });

  it('judges an exhausted kafkajs retry by the failure underneath', () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: ECONNREFUSED'), {
      retryCount: 5,
      retryTime: 3000,
    });

    const mapped = toSluiceError(exhausted, 'producing to events');

    expect(mapped).toMatchObject({ code: KAFKA_ERROR_CODES.unavailable, retriable: true, kafkaType: 'KafkaJSConnectionError' });
    expect(mapped.message).toBe('producing to events: Connection error: ECONNREFUSED');
    expect(mapped.cause).toBe(exhausted);
  });

  it('judges a retry nested in another (a producer send to an unreachable broker) by the failure underneath', () => {
    const underneath = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(underneath, { retryCount: 5, retryTime: 3000 });
    // What the outer retry of kafkajs rejects with when the inner one gave up.
    const outer = Object.assign(new KafkaJSNonRetriableError(exhausted), { cause: exhausted.cause ?? exhausted });

    expect(toSluiceError(outer, 'producing to events')).toMatchObject({ code: KAFKA_ERROR_CODES.unavailable, retriable: true, kafkaType: 'KafkaJSConnectionError' });
    // One kafkajs itself gave up on, with no failure underneath, stays as it is.
    expect(toSluiceError(new KafkaJSNonRetriableError('Invalid topic'))).toMatchObject({ retriable: false });
  });

  it('is retriable for an aggregate only when every part is', () => {
    const mixed = new KafkaJSAggregateError('two failures', [protocolError('LEADER_NOT_AVAILABLE', true), protocolError('INVALID_CONFIG', false)]);
    const allTransient = new KafkaJSAggregateError('two failures', [
      protocolError('LEADER_NOT_AVAILABLE', true),
      protocolError('REQUEST_TIMED_OUT', true),
    ]);

    expect(toSluiceError(mixed)).toMatchObject({ code: KAFKA_ERROR_CODES.leaderMoved, retriable: false });
    expect(toSluiceError(allTransient)).toMatchObject({ code: KAFKA_ERROR_CODES.leaderMoved, retriable: true });
  });

  it('falls back to the retriable flag of an unlisted kafkajs error', () => {
    expect(toSluiceError(new KafkaJSError('something transient'))).toMatchObject({ code: KAFKA_ERROR_CODES.other, retriable: true });
    expect(toSluiceError(new KafkaJSNonRetriableError('something fatal'))).toMatchObject({ code: KAFKA_ERROR_CODES.other, retriable: false });
  });

  it('passes Sluice errors through and treats foreign errors as not retriable', () => {
    const own = new SluiceError('SOMETHING', 'already ours', { retriable: true });

    expect(toSluiceError(own)).toBe(own);
    expect(toSluiceError(new TypeError('bad argument'))).toMatchObject({ code: KAFKA_ERROR_CODES.other, retriable: false });
    expect(toSluiceError('a string')).toMatchObject({ code: KAFKA_ERROR_CODES.other, message: 'a string' });
  });

  it('uses only known Sluice codes in its tables', () => {
    const known = new Set<string>(Object.values(KAFKA_ERROR_CODES));
    for (const mapping of [...Object.values(PROTOCOL_ERROR_TABLE), ...Object.values(CLIENT_ERROR_TABLE)]) {
      expect(known.has(mapping.code)).toBe(true);
    }
  });
});
