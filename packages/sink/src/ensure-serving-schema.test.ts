import { parsePipeline, silentLogger, speedTableColumns, speedTableKey, speedTableName, type ExistingTable, type SchemaStore, type ViewDefinition, viewLayoutComment } from '@sluice/core';
import { ensureServingSchema } from './ensure-serving-schema';
import { SchemaConflictError } from './sink-errors';

function viewsOf(pagesWindow: string): readonly ViewDefinition[] {
  return parsePipeline(
    `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: pages, source: events, window: ${pagesWindow}, groupBy: [page], measures: { n: count } }
  - { name: visits, source: events, window: { type: session, gap: 30m }, groupBy: [user_id], measures: { n: count } }
`,
    { env: {}, origin: 'test' },
  ).views;
}

/** A database in memory: the tables it was given, and every statement it was asked to run. */
class MemorySchema implements SchemaStore {
  readonly applied: string[] = [];

  constructor(private readonly existing: ReadonlyMap<string, ExistingTable> = new Map()) {}

  async tables(): Promise<ReadonlyMap<string, ExistingTable>> {
    return this.existing;
  }

  async exists(name: string): Promise<boolean> {
    return this.existing.has(name);
  }

  async apply(statements: readonly string[]): Promise<void> {
    this.applied.push(...statements);
  }
}

describe('ensureServingSchema', () => {
  it('creates every table and serving view of a new database', async () => {
    const schema = new MemorySchema();
    await ensureServingSchema(schema, 'db', viewsOf('{ type: tumbling, size: 1m }'), silentLogger);
    const created = schema.applied.map((statement) => /^CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\S+)/.exec(statement)?.[1]);
    expect(created).toEqual(['`db`.`pages__speed`', '`db`.`pages__batch`', '`db`.`pages__final`', '`db`.`pages`', '`db`.`visits__speed`', '`db`.`visits__batch`', '`db`.`visits__final`', '`db`.`visits`']);
  });

  it('changes nothing, for any view, when one view no longer fits its stored rows', async () => {
    const before = viewsOf('{ type: tumbling, size: 1m }')[0] as ViewDefinition;
    const speed: ExistingTable = {
      columns: speedTableColumns(before),
      comment: viewLayoutComment(before),
      sortingKey: speedTableKey(before),
    };
    const schema = new MemorySchema(new Map([[speedTableName('pages'), speed]]));
    const refusal = ensureServingSchema(schema, 'db', viewsOf('{ type: tumbling, size: 5m }'), silentLogger);
    await expect(refusal).rejects.toBeInstanceOf(SchemaConflictError);
    await expect(refusal).rejects.toThrow(/view pages: pages__speed: the rows were computed with window tumbling 60000ms/);
    expect(schema.applied).toEqual([]);
  });
});
