import { SluiceError, type BatchStore, type FinalPeriods, type InsertOutcome, type KeyedEventTime, type PartitionProgress, type ProgressStore, type RawLanding, type RawRow, type RawStore, type RecomputeRange, type SessionReach, type ViewDefinition } from '@sluice/core';

/**
 * The progress store in memory, with the version rules of the ClickHouse
 * one: the newest partition record wins, and a dirty mark survives a clear
 * made as of an earlier time.
 */
export class MemoryProgressStore implements ProgressStore {
  readonly progress = new Map<string, Map<number, PartitionProgress>>();
  readonly closed = new Map<string, number>();
  readonly final = new Map<string, Map<number, number>>();
  /** Per view and period: whether it is dirty, and as of when. */
  readonly dirty = new Map<string, Map<number, { dirty: boolean; at: number }>>();

  async partitions(source: string): Promise<PartitionProgress[]> {
    return [...(this.progress.get(source)?.values() ?? [])];
  }

  async recordPartitions(source: string, rows: readonly PartitionProgress[]): Promise<void> {
    const partitions = this.progress.get(source) ?? new Map<number, PartitionProgress>();
    for (const row of rows) if ((partitions.get(row.partition)?.version ?? -Infinity) <= row.version) partitions.set(row.partition, row);
    this.progress.set(source, partitions);
  }

  async maxLandedEventTime(source: string): Promise<number | undefined> {
    const times = (await this.partitions(source)).map((row) => row.maxEventTime);
    return times.length === 0 ? undefined : Math.max(...times);
  }

  async closedThrough(view: string): Promise<number | undefined> {
    return this.closed.get(view);
  }

  async recordClosedThrough(view: string, through: number): Promise<void> {
    this.closed.set(view, Math.max(through, this.closed.get(view) ?? -Infinity));
  }

  async latestGeneration(view: string): Promise<number> {
    return Math.max(0, ...(this.final.get(view)?.values() ?? []));
  }

  async recordFinal(view: string, { periods, generation }: FinalPeriods): Promise<void> {
    const final = this.final.get(view) ?? new Map<number, number>();
    for (const period of periods) final.set(period, Math.max(generation, final.get(period) ?? 0));
    this.final.set(view, final);
  }

  async finalAmong(view: string, periods: readonly number[]): Promise<number[]> {
    return periods.filter((period) => this.final.get(view)?.has(period));
  }

  async dirtyPeriods(view: string): Promise<number[]> {
    return [...(this.dirty.get(view) ?? new Map())].filter(([, mark]) => mark.dirty).map(([period]) => period).sort((a, b) => a - b);
  }

  async markDirty(view: string, periods: readonly number[], at: number): Promise<void> {
    this.mark(view, periods, true, at);
  }

  async clearDirty(view: string, periods: readonly number[], asOf: number): Promise<void> {
    this.mark(view, periods, false, asOf - 1);
  }

  private mark(view: string, periods: readonly number[], dirty: boolean, at: number): void {
    const marks = this.dirty.get(view) ?? new Map<number, { dirty: boolean; at: number }>();
    for (const period of periods) if ((marks.get(period)?.at ?? -Infinity) <= at) marks.set(period, { dirty, at });
    this.dirty.set(view, marks);
  }
}

/** A batch store that records what it was asked to do, and answers session joins from a given list. */
export class RecordingBatchStore implements BatchStore {
  readonly calls: string[] = [];
  /** Periods a session join query answers with. */
  joinedPeriods: number[] = [];
  readonly joinQueries: { keyField: string; events: readonly KeyedEventTime[] }[] = [];

  async writeGeneration(view: ViewDefinition, range: RecomputeRange): Promise<void> {
    this.calls.push(`generation ${view.name} ${range.fromMs}..${range.toMs} #${range.generation}`);
  }

  async writeReconciliation(view: ViewDefinition, range: RecomputeRange): Promise<void> {
    this.calls.push(`reconcile ${view.name} ${range.fromMs}..${range.toMs} #${range.generation}`);
  }

  async sessionPeriodsJoinedBy(_view: ViewDefinition, keyField: string, events: readonly KeyedEventTime[]): Promise<number[]> {
    this.joinQueries.push({ keyField, events });
    return this.joinedPeriods;
  }
}

/**
 * A raw store in memory that, as ClickHouse does, refuses a whole insert when
 * one of its rows is refused (here: rows whose event id is in `refusedIds`),
 * and can fail the next inserts as an outage would.
 */
export class RefusingRawStore implements RawStore {
  readonly rows: RawRow[] = [];
  readonly tokens: string[] = [];
  outagesLeft = 0;

  constructor(private readonly refusedIds: ReadonlySet<string> = new Set()) {}

  async land(landing: RawLanding): Promise<InsertOutcome> {
    if (this.outagesLeft > 0) {
      this.outagesLeft--;
      throw new SluiceError('CLICKHOUSE_ECONNREFUSED', 'cannot reach ClickHouse: connect ECONNREFUSED', { retriable: true });
    }
    const bad = landing.rows.find((row) => this.refusedIds.has(row.event_id));
    if (bad) return { type: 'refused', reason: `Cannot parse ${bad.event_id}` };
    this.tokens.push(`${landing.partition}/${landing.firstOffset}-${landing.lastOffset}`);
    this.rows.push(...landing.rows);
    return { type: 'inserted' };
  }

  async earliestEventTime(): Promise<number | undefined> {
    return this.rows.length === 0 ? undefined : Math.min(...this.rows.map((row) => row.event_time));
  }

  async sessionReach(): Promise<SessionReach[]> {
    return [];
  }
}
