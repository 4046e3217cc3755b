/** What one table holds on disk: its active parts, compressed, and their rows. */
export interface TableUsage {
  readonly table: string;
  readonly bytes: number;
  readonly rows: number;
}

/**
 * Reads how much disk the named tables of the pipeline's database use. A
 * table without data parts is reported with zeros; one that does not exist
 * yet, or that the user may not see, is left out.
 */
export interface TableUsageReader {
  tableUsage(tables: readonly string[]): Promise<TableUsage[]>;
}

/**
 * What one topic retains: records between the log start and the high
 * watermark, summed over its partitions (the leaders' logs, so replicas do
 * not count twice).
 */
export interface TopicUsage {
  readonly topic: string;
  readonly records: number;
}
