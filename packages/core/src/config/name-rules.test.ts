import { ConfigError, formatIssue } from '../errors/config-error';
import { parsePipeline } from './load';

/** The one-line issues of a config that must be refused. */
function refusalOf(text: string): string[] {
  try {
    parsePipeline(text, { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const view = (name: string, extra = '') => `  - { name: ${name}, source: events, window: { type: tumbling, size: 1m }, measures: { n: count }${extra} }\n`;
const events = 'sources:\n  events: { topic: events, key: user_id, timestamp: ts }\n';

describe('names that would collide in ClickHouse', () => {
  it('refuses a view named like a table another view or a source generates, since CREATE OR REPLACE VIEW would drop it', () => {
    expect(refusalOf(`${events}views:\n${view('pages')}${view('pages__speed')}${view('events__raw')}`)).toEqual([
      'views[1].name: generates the ClickHouse object pages__speed, which is also pages__speed of view pages (names that differ only in case are one table on some file systems); rename one of them (got "pages__speed")',
      'views[2].name: generates the ClickHouse object events__raw, which is also events__raw of source events (names that differ only in case are one table on some file systems); rename one of them (got "events__raw")',
    ]);
  });

  it('refuses names that differ only in case, once per pair', () => {
    expect(refusalOf(`${events}views:\n${view('pages')}${view('Pages')}`)).toEqual([
      'views[1].name: generates the ClickHouse object Pages, which is also pages of view pages (names that differ only in case are one table on some file systems); rename one of them (got "Pages")',
    ]);
    expect(refusalOf('sources:\n  events: { topic: a, key: k, timestamp: ts }\n  Events: { topic: b, key: k, timestamp: ts }\n')).toEqual([
      'sources.Events: generates the ClickHouse object Events__raw, which is also events__raw of source events (names that differ only in case are one table on some file systems); rename one of them (got "Events")',
    ]);
  });

  it('reports two views of exactly one name once, as the view rules do', () => {
    expect(refusalOf(`${events}views:\n${view('pages')}${view('pages')}`)).toEqual(['views[1].name: duplicates the name of views[0]; view names must be unique (got "pages")']);
  });

  it('accepts names that only look alike', () => {
    expect(() => parsePipeline(`${events}views:\n${view('pages')}${view('pages_speed')}${view('events')}`, { env: {} })).not.toThrow();
  });
});

describe('topics that would collide in Kafka', () => {
  it('refuses topics that are one name to Kafka once . is read as _ or case is ignored', () => {
    expect(refusalOf('name: shop\nsources:\n  a: { topic: shop_results, key: k, timestamp: ts }\n  b: { topic: Orders, key: k, timestamp: ts }\n  c: { topic: orders, key: k, timestamp: ts }\n')).toEqual([
      'sources.c.topic: is orders, which Kafka cannot hold beside Orders of sources.b (with . read as _ and case ignored they are one name); rename one of them (got "orders")',
      'kafka.topics.results: is shop.results, which Kafka cannot hold beside shop_results of sources.a (with . read as _ and case ignored they are one name); rename one of them (got "shop.results")',
    ]);
  });

  it('refuses two sources on one topic, and a source or results topic that is also the dead-letter topic', () => {
    expect(refusalOf('sources:\n  a: { topic: events, key: k, timestamp: ts }\n  b: { topic: events, key: k, timestamp: ts }\n')).toEqual([
      'sources.b.topic: is events, also the topic of sources.a; each source needs a topic of its own, apart from the other sources and the results, late and dead-letter topics (got "events")',
    ]);
    expect(refusalOf(`kafka: { topics: { deadLetter: events } }\n${events}`)).toEqual([
      'kafka.topics.deadLetter: is events, also the topic of sources.events; each source needs a topic of its own, apart from the other sources and the results, late and dead-letter topics (got "events")',
    ]);
    expect(refusalOf(`kafka: { topics: { results: out, deadLetter: out } }\n${events}`)).toEqual([
      'kafka.topics.deadLetter: is out, also the results topic; dead letters there would go back to the sink, so give each its own topic (got "out")',
    ]);
  });

  it('lets the results or the dead-letter topic share the late topic', () => {
    expect(parsePipeline(`kafka: { topics: { results: out, late: out } }\n${events}`, { env: {} }).kafka.topics).toMatchObject({ results: 'out', late: 'out' });
    expect(parsePipeline(`kafka: { topics: { late: out, deadLetter: out } }\n${events}`, { env: {} }).kafka.topics).toMatchObject({ late: 'out', deadLetter: 'out' });
  });
});

describe('names that reach an object prototype', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s wherever a name becomes a key, with its path', (name) => {
    const asSource = `sources:\n  ${name}: { topic: t, key: k, timestamp: ts, fields: { ${name}: string } }\n`;
    const elsewhere = `name: ${name}
sources:
  events: { topic: t, key: ${name}, timestamp: ts, fields: { ${name}: string } }
views:
  - { name: ${name}, source: events, where: { ${name}: x }, groupBy: [${name}], window: { type: tumbling, size: 1m }, measures: { ${name}: count } }
`;
    const pathsOf = (text: string) => refusalOf(text).filter((line) => line.includes('must not be __proto__, constructor, prototype')).map((line) => line.split(': ')[0]);

    expect(pathsOf(asSource)).toEqual([`sources.${name}`, `sources.${name}.fields.${name}`]);
    expect(pathsOf(elsewhere).sort()).toEqual(
      ['name', 'sources.events.key', `sources.events.fields.${name}`, 'views[0].name', `views[0].where.${name}`, 'views[0].groupBy[0]', `views[0].measures.${name}`].sort(),
    );
  });
});

describe('hopping windows per event', () => {
  it('refuses a hop that would put one event in more than 1000 windows', () => {
    const hopping = (size: string, hop: string) => `${events}views:\n  - { name: v, source: events, window: { type: hopping, size: ${size}, hop: ${hop} }, period: 1d, measures: { n: count } }\n`;

    expect(refusalOf(hopping('1d', '1m'))).toEqual([
      'views[0].window.hop: puts each event in 1440 windows (size 86400000ms / hop 60000ms); at most 1000 are allowed, so make the hop at least 86400ms (got "1m")',
    ]);
    expect(() => parsePipeline(hopping('1d', '90s'), { env: {} })).not.toThrow();
  });
});
