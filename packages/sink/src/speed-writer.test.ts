import { StallWatch } from '@sluice/runtime';
import { MetricsRegistry, parsePipeline, silentLogger, SluiceError, type SpeedInsertOutcome, type SpeedTableWriter, type ViewDefinition } from '@sluice/core';
import type { PendingRow } from './pending-batch';
import { createSinkMetrics } from './sink-metrics';
import { SpeedWriter } from './speed-writer';

const [view] = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: pages, source: events, window: { type: tumbling, size: 1m }, measures: { n: count } }
`,
  { env: {}, origin: 'test' },
).views as [ViewDefinition];

/** A speed table in memory that refuses any insert holding a row that starts with 0xff, as ClickHouse refuses a whole insert for one bad row. */
class MemorySpeedTable implements SpeedTableWriter {
  readonly rows: string[] = [];
  inserts = 0;
  failuresLeft = 0;

  async insert(_view: ViewDefinition, rows: readonly Uint8Array[]): Promise<SpeedInsertOutcome> {
    this.inserts++;
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new SluiceError('STORE_BUSY', 'try again', { retriable: true });
    }
    if (rows.some((row) => row[0] === 0xff)) return { type: 'refused', reason: 'bad row' };
    this.rows.push(...rows.map((row) => Buffer.from(row).toString('utf8')));
    return { type: 'inserted' };
  }
}

function row(text: string, offset: number): PendingRow {
  return { bytes: Buffer.from(text, 'utf8'), origin: { topic: 'results', partition: 0, offset: String(offset), key: null, value: null } };
}

function poisoned(offset: number): PendingRow {
  return { ...row('', offset), bytes: Buffer.from([0xff]) };
}

function writerOver(tables: SpeedTableWriter, backpressure: boolean[] = [], stalls?: StallWatch): SpeedWriter {
  return new SpeedWriter({
    tables,
    views: [view],
    retry: { retries: 3, initialDelayMs: 1, maxDelayMs: 1, sleeper: { sleep: async () => undefined } },
    metrics: createSinkMetrics(new MetricsRegistry()),
    logger: silentLogger,
    onBackpressure: (waiting) => backpressure.push(waiting),
    ...(stalls === undefined ? {} : { stalls }),
  });
}

describe('SpeedWriter', () => {
  it('writes a clean batch in one insert', async () => {
    const table = new MemorySpeedTable();
    expect(await writerOver(table).write('pages', [row('a', 0), row('b', 1)])).toEqual([]);
    expect(table.rows).toEqual(['a', 'b']);
    expect(table.inserts).toBe(1);
  });

  it('isolates the refused rows by halving, and lands all the others', async () => {
    const table = new MemorySpeedTable();
    const rows = [row('a', 0), poisoned(1), row('c', 2), row('d', 3), row('e', 4), poisoned(5), row('g', 6)];
    const refused = await writerOver(table).write('pages', rows);
    expect(refused.map((record) => record.origin.offset)).toEqual(['1', '5']);
    expect(refused.every((record) => record.reason === 'bad row')).toBe(true);
    expect(table.rows.sort()).toEqual(['a', 'c', 'd', 'e', 'g']);
  });

  it('names the refused row of a packed record, so only that row is dead-lettered', async () => {
    const refused = await writerOver(new MemorySpeedTable()).write('pages', [{ ...row('a', 7), row: 0 }, { ...poisoned(7), row: 1 }]);
    expect(refused).toEqual([{ origin: expect.objectContaining({ offset: '7' }), row: 1, reason: 'rows[1]: bad row' }]);
  });

  it('retries a retriable failure, pausing the consumer until the insert gets through', async () => {
    const table = new MemorySpeedTable();
    table.failuresLeft = 2;
    const backpressure: boolean[] = [];
    expect(await writerOver(table, backpressure).write('pages', [row('a', 0)])).toEqual([]);
    expect(table.inserts).toBe(3);
    expect(backpressure).toEqual([true, true, false]);
  });

  it('reports itself stalled, with the reason, while it retries, and clears once an insert gets through', async () => {
    const table = new MemorySpeedTable();
    const registry = new MetricsRegistry();
    const stalls = new StallWatch({ stalled: registry.gauge('sluice_sink_stalled', 'stalled') });
    const seen: unknown[] = [];
    table.failuresLeft = 2;
    const insert = table.insert.bind(table);
    table.insert = async (view, rows) => {
      seen.push(stalls.details());
      return insert(view, rows);
    };

    await writerOver(table, [], stalls).write('pages', [row('a', 0)]);

    expect(seen[2]).toEqual({ progress: 'stalled', stalled: { insert: expect.objectContaining({ reason: 'STORE_BUSY: try again', attempts: 2 }) } });
    expect(stalls.details()).toEqual({ progress: 'ok' });
    expect(registry.render()).toContain('sluice_sink_stalled{activity="insert"} 0');
  });

  it('stops retrying once told to give up, so a stop is not held by an outage', async () => {
    const table = new MemorySpeedTable();
    table.failuresLeft = 10;
    const writer = writerOver(table);
    writer.giveUpRetrying();
    await expect(writer.write('pages', [row('a', 0)])).rejects.toThrow('try again');
    expect(table.inserts).toBe(1);
  });

  it('fails when retries run out, so nothing is committed', async () => {
    const table = new MemorySpeedTable();
    table.failuresLeft = 10;
    await expect(writerOver(table).write('pages', [row('a', 0)])).rejects.toThrow(/gave up after 4 attempts/);
  });

  it('refuses to write rows of a view it was not given', async () => {
    await expect(writerOver(new MemorySpeedTable()).write('nope', [row('a', 0)])).rejects.toThrow(/no view named nope/);
  });
});
