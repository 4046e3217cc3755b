import { ClickHouseError } from '@clickhouse/client';
import { isRetriable, SluiceError } from '@sluice/core';
import { CLICKHOUSE_ERROR_CODES } from './clickhouse-error-codes';
import { toClickHouseOperationError } from './clickhouse-operation-error';

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('ClickHouse error mapping', () => {
  it.each([
    ['252', 'TOO_MANY_PARTS', true],
    ['159', 'TIMEOUT_EXCEEDED', true],
    ['210', 'NETWORK_ERROR', true],
    ['62', 'SYNTAX_ERROR', false],
    ['60', 'UNKNOWN_TABLE', false],
  ])('maps server code %s to %s (retriable %s)', (code, type, retriable) => {
    const mapped = toClickHouseOperationError(new ClickHouseError({ message: 'boom', code, type }));
    expect(mapped).toBeInstanceOf(SluiceError);
    expect(mapped.code).toBe(`CLICKHOUSE_${type}`);
    expect(mapped.clickhouseCode).toBe(Number(code));
    expect(isRetriable(mapped)).toBe(retriable);
  });

  it.each([
    ['ECONNREFUSED', true],
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['ENOTFOUND', false],
  ])('maps connection error %s (retriable %s)', (code, retriable) => {
    const mapped = toClickHouseOperationError(socketError(code));
    expect(mapped.code).toBe(`CLICKHOUSE_${code}`);
    expect(mapped.retriable).toBe(retriable);
  });

  it('finds a socket error inside a cause chain and an AggregateError', () => {
    const nested = new Error('request failed', { cause: new AggregateError([socketError('ECONNREFUSED')], 'all failed') });
    expect(toClickHouseOperationError(nested).code).toBe('CLICKHOUSE_ECONNREFUSED');
  });

  it('reads the code from a chDB error message and keeps unknown codes permanent', () => {
    const chdb = Object.assign(new Error('Code: 48. DB::Exception: Not implemented. (NOT_IMPLEMENTED)'), { clickhouseCode: 48 });
    const mapped = toClickHouseOperationError(chdb);
    expect(mapped.code).toBe('CLICKHOUSE_NOT_IMPLEMENTED');
    expect(mapped.retriable).toBe(false);
  });

  it('treats the client request timeout as retriable', () => {
    expect(toClickHouseOperationError(new Error('Timeout error.')).retriable).toBe(true);
  });

  it('has one entry per code with an upper-case type', () => {
    for (const entry of Object.values(CLICKHOUSE_ERROR_CODES)) expect(entry.type).toMatch(/^[A-Z_]+$/);
  });
});
