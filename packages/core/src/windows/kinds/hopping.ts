import type { WindowSpec } from '../../config/types';
import { gridWindowKind } from '../grid-kind';
import { periodIssues, type ViewIssue } from '../window-kind';

type Hopping = Extract<WindowSpec, { type: 'hopping' }>;

/** Hopping windows: windows of one size starting every hop, so an event lands in size / hop of them. */
export const hopping = gridWindowKind<Hopping, { readonly type: 'hopping'; readonly size: number; readonly hop: number }>({
  type: 'hopping',
  fromConfig: (config) => ({ type: 'hopping', sizeMs: config.size, hopMs: config.hop }),
  configIssues: ({ window, period }) => {
    const { size, hop } = window;
    const issues: ViewIssue[] = [];
    if (typeof size === 'number' && typeof hop === 'number' && size % hop !== 0) {
      issues.push({ path: ['window', 'hop'], message: `must divide the window size (${size}ms) evenly` });
    }
    return [...issues, ...periodIssues(period, hop, 'hop')];
  },
  describe: (window, duration) => `hopping ${duration(window.sizeMs)} every ${duration(window.hopMs)}`,
  hopMs: (window) => window.hopMs,
});
