import type { ClickHouseClient, QueryParams } from '@clickhouse/client';

/** The rows of a SELECT as JSONEachRow objects. */
export async function selectRows<T>(client: ClickHouseClient, query: string, queryParams?: QueryParams['query_params']): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow', ...(queryParams === undefined ? {} : { query_params: queryParams }) });
  return result.json<T>();
}

/** Inserts rows as JSONEachRow into a fully qualified table. */
export async function insertJsonRows(client: ClickHouseClient, table: string, values: readonly object[]): Promise<void> {
  await client.insert({ table, values: values as object[], format: 'JSONEachRow' });
}
