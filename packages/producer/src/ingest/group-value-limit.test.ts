import { parsePipeline } from '@sluice/core';
import { groupValueLimit, groupValueTooLong } from './group-value-limit';

const config = parsePipeline(
  `ingest: { maxGroupValueLength: 5 }
sources:
  events: { topic: events, key: user_id, timestamp: ts }
  other: { topic: other, key: k, timestamp: ts }
views:
  - { name: by_country, source: events, window: { type: tumbling, size: 1m }, groupBy: [country], measures: { n: count } }
  - { name: by_page, source: events, window: { type: tumbling, size: 1m }, groupBy: [country, page], measures: { n: count } }
  - { name: by_tag, source: other, window: { type: tumbling, size: 1m }, groupBy: [tag], measures: { n: count } }
`,
  { env: {} },
);

describe('group value limit', () => {
  const limit = groupValueLimit(config, config.sources['events']!);

  it('covers every field a view of the source groups by, and only those', () => {
    expect(limit).toEqual({ fields: ['country', 'page'], maxLength: 5 });
  });

  it('refuses a group value longer than the limit, measured as the text the views group by', () => {
    expect(groupValueTooLong({ country: 'DE', page: '/home', tag: 'much too long', user_id: 'a very long key' }, limit)).toBeUndefined();
    expect(groupValueTooLong({ country: 'DE', page: '/pricing' }, limit)).toBe('the group field page is 8 characters long, more than 5, the limit (ingest.maxGroupValueLength)');
    expect(groupValueTooLong({ country: { nested: 'x' } }, limit)).toMatch(/country is 14 characters/);
    expect(groupValueTooLong({ country: 123456 }, limit)).toMatch(/country is 6 characters/);
    expect(groupValueTooLong({ country: null, page: undefined }, limit)).toBeUndefined();
  });
});
