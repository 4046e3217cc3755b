import { buildPipeline } from '@sluice/core';
import { LATE_MARGIN_MS, LateRule } from './late-rule';

const MINUTE = 60_000;
const config = buildPipeline({
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } },
  aggregator: { maxOutOfOrderness: '5s' },
  views: [
    { name: 'pages', source: 'events', where: { type: 'page_view' }, window: { type: 'tumbling', size: '1m' }, lateness: '30s', measures: { n: 'count' } },
    { name: 'sessions', source: 'events', window: { type: 'session', gap: '10m' }, groupBy: ['user_id'], measures: { n: 'count' } },
  ],
});
const source = config.sources['events']!;

describe('LateRule', () => {
  it('needs the watermark past ts + size + lateness for windows, and past the chained session end', () => {
    const rule = new LateRule(source, config.views, 5_000);
    const event = { user_id: 'a', ts: 0, type: 'page_view' };
    // Session of its own: ends at 10m; watermark = max - 5s must reach 10m + margin.
    const sessionBound = 10 * MINUTE + 5_000 + LATE_MARGIN_MS;
    expect(rule.isLate(event, 0, sessionBound - 1)).toBe(false);
    expect(rule.isLate(event, 0, sessionBound)).toBe(true);

    // On-time events of the same user at 8m and 17m chain the session to 27m.
    rule.noteOnTime({ user_id: 'a', ts: 8 * MINUTE }, 8 * MINUTE);
    rule.noteOnTime({ user_id: 'a', ts: 17 * MINUTE }, 17 * MINUTE);
    expect(rule.isLate(event, 0, sessionBound)).toBe(false);
    expect(rule.isLate(event, 0, 27 * MINUTE + 5_000 + LATE_MARGIN_MS)).toBe(true);
  });

  it('ignores views the event does not pass', () => {
    const rule = new LateRule(source, config.views.filter((view) => view.name === 'pages'), 5_000);
    expect(rule.isLate({ user_id: 'a', ts: 0, type: 'click' }, 0, 0)).toBe(true);
    expect(rule.isLate({ user_id: 'a', ts: 0, type: 'page_view' }, 0, MINUTE + 30_000 + 5_000 + LATE_MARGIN_MS)).toBe(true);
    expect(rule.isLate({ user_id: 'a', ts: 0, type: 'page_view' }, 0, MINUTE + 30_000 + 5_000 + LATE_MARGIN_MS - 1)).toBe(false);
  });

  it('sizes the horizon from the largest window or gap plus lateness', () => {
    expect(LateRule.horizonMs(config.views, 5_000)).toBe(5_000 + 10 * MINUTE + LATE_MARGIN_MS);
  });
});
