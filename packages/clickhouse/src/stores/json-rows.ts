import type { ClickHouseClient, QueryParams } from '@clickhouse/client';
import { toClickHouseOperationError } from '../errors/clickhouse-operation-error';

/** The rows of a SELECT as JSONEachRow objects; a failure rejects as a ClickHouseOperationError (an outage is retriable). */
export async function selectRows<T>(client: ClickHouseClient, query: string, queryParams?: QueryParams['query_params']): Promise<T[]> {
  try {
    const result = await client.query({ query, format: 'JSONEachRow', ...(queryParams === undefined ? {} : { query_params: queryParams }) });
    return await result.json<T>();
  } catch (error) {
    throw toClickHouseOperationError(error);
  }
}

/** Inserts rows as JSONEachRow into a fully qualified table; a failure rejects as a ClickHouseOperationError. */
export async function insertJsonRows(client: ClickHouseClient, table: string, values: readonly object[]): Promise<void> {
  try {
    await client.insert({ table, values: values as object[], format: 'JSONEachRow' });
  } catch (error) {
    throw toClickHouseOperationError(error);
  }
}
