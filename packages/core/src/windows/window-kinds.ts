import type { WindowSpec, WindowType } from '../config/types';
import { hopping } from './kinds/hopping';
import { session } from './kinds/session';
import { tumbling } from './kinds/tumbling';
import type { WindowKind } from './window-kind';

/** The spec of one window type. */
export type WindowSpecOf<T extends WindowType> = Extract<WindowSpec, { readonly type: T }>;

/**
 * Every window kind, keyed by its type. `satisfies` makes a new member of
 * WindowType a compile error here until its kind exists, and every lookup
 * below goes through this table, so no site can forget it.
 */
export const WINDOW_KINDS = { tumbling, hopping, session } satisfies { readonly [T in WindowType]: WindowKind<WindowSpecOf<T>> };

/** A window as the config writes it, durations parsed to ms (`{ type: hopping, size, hop }`). */
export type ConfigWindow = { [T in WindowType]: Parameters<(typeof WINDOW_KINDS)[T]['fromConfig']>[0] }[WindowType];

/** The kind of a window spec. */
export function windowKindOf<W extends WindowSpec>(window: W): WindowKind<W> {
  // Indexed by the spec's own type, so the kind takes this spec.
  return WINDOW_KINDS[window.type] as unknown as WindowKind<W>;
}

/** True when `type` names a window kind. */
export function isWindowType(type: unknown): type is WindowType {
  return typeof type === 'string' && Object.hasOwn(WINDOW_KINDS, type);
}

/** The spec of a validated config window. */
export function windowFromConfig(config: ConfigWindow): WindowSpec {
  return (WINDOW_KINDS[config.type].fromConfig as (config: ConfigWindow) => WindowSpec)(config);
}

/** A window in words, as `sluice validate` and the table layout comments write it. */
export function describeWindow(window: WindowSpec, duration: (ms: number) => string): string {
  return windowKindOf(window).describe(window, duration);
}
