import { aggregatorFor, parsePipeline, type PipelineConfig, type ViewDefinition, type WindowResult } from '@sluice/core';
import { seededRandom } from '../../../../test/support/seeded-random';

/** A source event as the fixture folds it. */
export interface FixtureEvent {
  readonly ts: number;
  readonly page: string;
  readonly user_id: string;
  readonly latency_ms: number;
}

/** The pipeline the sink tests run: a tumbling view with every measure kind, and a session view. */
export function fixturePipeline(name: string, brokers: string, clickhouseUrl: string, extra = ''): PipelineConfig {
  return parsePipeline(fixtureYaml(name, brokers, clickhouseUrl, { extraViews: extra }), { env: {}, origin: 'fixture' });
}

/** What the fixture's served ClickHouse requires and its config connects with. */
export const FIXTURE_CLICKHOUSE_CREDENTIALS = { user: 'default', password: 'sink-fixture-password' } as const;

/** The fixture pipeline as the YAML a `sluice` command reads. */
export function fixtureYaml(name: string, brokers: string, clickhouseUrl: string, { extraViews = '', batchRows = 50 } = {}): string {
  return `
name: ${name}
kafka: { brokers: ["${brokers}"], topics: { results: ${name}.results, deadLetter: ${name}.dlq } }
clickhouse: { url: "${clickhouseUrl}", database: ${name}, user: ${FIXTURE_CLICKHOUSE_CREDENTIALS.user}, password: ${FIXTURE_CLICKHOUSE_CREDENTIALS.password} }
sink: { batchRows: ${batchRows}, flushInterval: 200ms, opsPort: 0 }
sources:
  events: { topic: ${name}.events, format: json, key: user_id, timestamp: ts, partitions: 3 }
views:
  - name: pages
    source: events
    window: { type: tumbling, size: 1m }
    period: 1h
    groupBy: [page]
    measures:
      views: count
      total_ms: sum(latency_ms)
      fastest: min(latency_ms)
      slowest: max(latency_ms)
      avg_ms: avg(latency_ms)
      users: uniq(user_id)
      p90_ms: quantile(0.9, latency_ms)
  - name: visits
    source: events
    window: { type: session, gap: 30m }
    groupBy: [user_id]
    measures: { hits: count }
${extraViews}`;
}

const BASE = Date.UTC(2026, 0, 1, 10, 0, 0);

/**
 * Events of the `pages` view per source partition: `windows` one-minute
 * windows, two pages, several users; the offset of an event is its index
 * within its partition.
 */
export function fixtureEvents(random: () => number, partitions: number, windows: number, perCell: number): FixtureEvent[][] {
  return Array.from({ length: partitions }, () => {
    const events: FixtureEvent[] = [];
    for (let window = 0; window < windows; window++) {
      for (let index = 0; index < perCell * 2; index++) {
        events.push({
          ts: BASE + window * 60_000 + Math.floor(random() * 60_000),
          page: index % 2 === 0 ? '/home' : '/cart, "checkout"',
          user_id: `user-${Math.floor(random() * 40)}`,
          latency_ms: Math.round(random() * 5_000) / 10,
        });
      }
    }
    return events;
  });
}

interface Cell {
  readonly windowStart: number;
  readonly page: string;
  readonly states: unknown[];
  lastOffset: number;
  count: number;
}

function foldCells(view: ViewDefinition, events: readonly FixtureEvent[], upTo: number): Map<string, Cell> {
  const aggregators = view.measures.map(aggregatorFor);
  const cells = new Map<string, Cell>();
  events.slice(0, upTo).forEach((event, offset) => {
    const windowStart = Math.floor(event.ts / 60_000) * 60_000;
    const key = `${windowStart}|${event.page}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { windowStart, page: event.page, states: aggregators.map((aggregator) => aggregator.create()), lastOffset: offset, count: 0 };
      cells.set(key, cell);
    }
    view.measures.forEach((measure, index) => {
      const value = 'field' in measure ? (event as unknown as Record<string, unknown>)[measure.field] : undefined;
      cell.states[index] = (aggregators[index] as ReturnType<typeof aggregatorFor>).add(cell.states[index], value);
    });
    cell.lastOffset = offset;
    cell.count += 1;
  });
  return cells;
}

function toResult(view: ViewDefinition, partition: number, cell: Cell, final: boolean): WindowResult {
  const aggregators = view.measures.map(aggregatorFor);
  return {
    view: view.name,
    windowStart: cell.windowStart,
    windowEnd: cell.windowStart + 60_000,
    group: [cell.page],
    partition,
    version: 2 * cell.lastOffset + (final ? 1 : 0),
    final,
    retracted: false,
    states: Object.fromEntries(view.measures.map((measure, index) => [measure.name, (aggregators[index] as ReturnType<typeof aggregatorFor>).toWire(cell.states[index])])),
  };
}

/**
 * The results the speed layer would emit for `events`: per partition, an
 * early update of every window after half of its events, then the final
 * state of every window.
 */
export function pageResults(view: ViewDefinition, events: readonly FixtureEvent[][]): WindowResult[] {
  return events.flatMap((partitionEvents, partition) => {
    const early = [...foldCells(view, partitionEvents, Math.floor(partitionEvents.length / 2)).values()].map((cell) => toResult(view, partition, cell, false));
    const finals = [...foldCells(view, partitionEvents, partitionEvents.length).values()].map((cell) => toResult(view, partition, cell, true));
    return [...early, ...finals];
  });
}

/** One expected serving row: all partitions' events of a (window, page) folded at once. */
export interface ExpectedRow {
  readonly window_start: number;
  readonly page: string;
  readonly measures: Readonly<Record<string, number | null>>;
}

/** What the serving view must show for `events`, computed by the aggregators over all events of each window and page. */
export function expectedPageRows(view: ViewDefinition, events: readonly FixtureEvent[][]): ExpectedRow[] {
  const aggregators = view.measures.map(aggregatorFor);
  const all = events.flat().sort((a, b) => a.ts - b.ts);
  const cells = foldCells(view, all, all.length);
  return [...cells.values()]
    .map((cell) => ({
      window_start: cell.windowStart,
      page: cell.page,
      measures: Object.fromEntries(view.measures.map((measure, index) => [measure.name, (aggregators[index] as ReturnType<typeof aggregatorFor>).result(cell.states[index])])),
    }))
    .sort((a, b) => a.window_start - b.window_start || a.page.localeCompare(b.page));
}

/**
 * A session that grew and then merged: partition 0 first emits session A,
 * then retracts it when a bridging event merges it into session B, which
 * starts at the same time but ends later, and a separate session C.
 */
export function sessionResults(view: ViewDefinition): { results: WindowResult[]; expected: { window_start: number; window_end: number; user_id: string; hits: number }[] } {
  const session = (start: number, end: number, user: string, hits: number, version: number, extra: Partial<WindowResult> = {}): WindowResult => ({
    view: view.name,
    windowStart: start,
    windowEnd: end,
    group: [user],
    partition: 0,
    version,
    final: false,
    retracted: false,
    states: { hits: { kind: 'count', count: hits } },
    ...extra,
  });
  const gap = 30 * 60_000;
  const results = [
    session(BASE, BASE + gap, 'ann', 1, 0),
    session(BASE + 50 * 60_000, BASE + 50 * 60_000 + gap, 'ann', 1, 2),
    // A bridging event at +25m merges both: the later session is retracted, the earlier one grows.
    session(BASE + 50 * 60_000, BASE + 50 * 60_000 + gap, 'ann', 1, 4, { retracted: true }),
    session(BASE, BASE + 50 * 60_000 + gap, 'ann', 3, 5, { final: true }),
    session(BASE + 5 * 60_000, BASE + 5 * 60_000 + gap, 'bob', 2, 7, { final: true }),
  ];
  return {
    results,
    expected: [
      { window_start: BASE, window_end: BASE + 50 * 60_000 + gap, user_id: 'ann', hits: 3 },
      { window_start: BASE + 5 * 60_000, window_end: BASE + 5 * 60_000 + gap, user_id: 'bob', hits: 2 },
    ],
  };
}

/**
 * The JS result() of every measure of the merged final states of each
 * (window, page): the partial states of all partitions, merged with the
 * aggregators' own merge, as the serving view merges them in SQL.
 */
export function mergedFinalRows(view: ViewDefinition, results: readonly WindowResult[]): ExpectedRow[] {
  const aggregators = view.measures.map(aggregatorFor);
  const merged = new Map<string, { window_start: number; page: string; states: unknown[] }>();
  for (const result of results.filter((candidate) => candidate.final)) {
    const key = `${result.windowStart}|${result.group[0]}`;
    const states = view.measures.map((measure, index) => (aggregators[index] as ReturnType<typeof aggregatorFor>).fromWire(result.states[measure.name] as never));
    const known = merged.get(key);
    if (!known) merged.set(key, { window_start: result.windowStart, page: String(result.group[0]), states });
    else known.states = known.states.map((state, index) => (aggregators[index] as ReturnType<typeof aggregatorFor>).merge(state, states[index]));
  }
  return [...merged.values()].map((cell) => ({
    window_start: cell.window_start,
    page: cell.page,
    measures: Object.fromEntries(view.measures.map((measure, index) => [measure.name, (aggregators[index] as ReturnType<typeof aggregatorFor>).result(cell.states[index])])),
  }));
}

export { seededRandom };
