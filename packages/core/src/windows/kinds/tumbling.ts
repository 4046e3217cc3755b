import type { WindowSpec } from '../../config/types';
import { gridWindowKind } from '../grid-kind';
import { periodIssues } from '../window-kind';

type Tumbling = Extract<WindowSpec, { type: 'tumbling' }>;

/** Tumbling windows: back-to-back windows of one size, aligned to the epoch (UTC). */
export const tumbling = gridWindowKind<Tumbling, { readonly type: 'tumbling'; readonly size: number }>({
  type: 'tumbling',
  fromConfig: (config) => ({ type: 'tumbling', sizeMs: config.size }),
  configIssues: ({ window, period }) => periodIssues(period, window['size'], 'size'),
  describe: (window, duration) => `tumbling ${duration(window.sizeMs)}`,
  hopMs: (window) => window.sizeMs,
});
