import type { WindowSpec } from '../../config/types';
import { gridWindowKind } from '../grid-kind';
import { periodIssues, type ViewIssue } from '../window-kind';

type Hopping = Extract<WindowSpec, { type: 'hopping' }>;

/**
 * The most windows one event may land in (size / hop). Each is a state update
 * and a result row, so an unbounded ratio would let one event fan out without
 * limit; 1000 covers a day in 90-second hops.
 */
export const MAX_HOPPING_WINDOWS_PER_EVENT = 1_000;

/** Hopping windows: windows of one size starting every hop, so an event lands in size / hop of them. */
export const hopping = gridWindowKind<Hopping, { readonly type: 'hopping'; readonly size: number; readonly hop: number }>({
  type: 'hopping',
  fromConfig: (config) => ({ type: 'hopping', sizeMs: config.size, hopMs: config.hop }),
  configIssues: ({ window, period }) => {
    const { size, hop } = window;
    const issues: ViewIssue[] = [];
    if (typeof size === 'number' && typeof hop === 'number' && size % hop !== 0) {
      issues.push({ path: ['window', 'hop'], message: `must divide the window size (${size}ms) evenly` });
    } else if (typeof size === 'number' && typeof hop === 'number' && size / hop > MAX_HOPPING_WINDOWS_PER_EVENT) {
      issues.push({
        path: ['window', 'hop'],
        message: `puts each event in ${size / hop} windows (size ${size}ms / hop ${hop}ms); at most ${MAX_HOPPING_WINDOWS_PER_EVENT} are allowed, so make the hop at least ${Math.ceil(size / MAX_HOPPING_WINDOWS_PER_EVENT)}ms`,
      });
    }
    return [...issues, ...periodIssues(period, hop, 'hop')];
  },
  describe: (window, duration) => `hopping ${duration(window.sizeMs)} every ${duration(window.hopMs)}`,
  hopMs: (window) => window.hopMs,
});
