/**
 * Read-only queries for the dashboard and the reports: rows of a SELECT,
 * each row an object keyed by column name, in the store's JSON rendering
 * (64-bit integers may come as strings).
 */
export interface ServingReader {
  rows(sql: string): Promise<Record<string, unknown>[]>;
}
