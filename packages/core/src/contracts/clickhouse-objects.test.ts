import { sourceObjects, viewObjects } from './clickhouse-objects';
import { qualifiedName, quoteIdentifier, quoteString } from './clickhouse-quoting';

describe('ClickHouse object catalog', () => {
  it('names every object of a view and of a source as users and dashboards know them', () => {
    expect(viewObjects('pages')).toEqual({
      serving: 'pages',
      speed: 'pages__speed',
      batch: 'pages__batch',
      final: 'pages__final',
      reconcile: 'pages__reconcile',
      dirty: 'pages__dirty',
      closed: 'pages__closed',
    });
    expect(sourceObjects('events')).toEqual({ raw: 'events__raw', progress: 'events__raw_progress' });
  });
});

describe('quoting', () => {
  it('quotes identifiers and strings the ClickHouse way', () => {
    expect(quoteIdentifier('my`db')).toBe('`my\\`db`');
    expect(quoteIdentifier('a\\`; DROP')).toBe('`a\\\\\\`; DROP`');
    expect(qualifiedName('db', 'v')).toBe('`db`.`v`');
    expect(quoteString("it's a\\b")).toBe("'it\\'s a\\\\b'");
  });
});
