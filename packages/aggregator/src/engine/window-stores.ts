import { WINDOW_KINDS, windowKindOf, type ViewDefinition, type WindowSpecOf, type WindowType } from '@sluice/core';
import { FixedWindowStore } from './fixed-window-store';
import type { MeasureFolder } from './measure-folder';
import { SessionStore } from './session-store';
import type { ViewStore } from './view-store';

/** Makes the store of one view for one source partition. */
type StoreFactory<W> = (window: W, view: ViewDefinition, folder: MeasureFolder) => ViewStore;

/**
 * The store each window kind keeps its open windows in: windows on the epoch
 * grid share FixedWindowStore, sessions have SessionStore. Keyed like
 * WINDOW_KINDS, so a new kind is a compile error here until it has a store.
 */
export const WINDOW_STORES = {
  tumbling: (window, view, folder) => new FixedWindowStore(WINDOW_KINDS.tumbling.grid(window), view, folder),
  hopping: (window, view, folder) => new FixedWindowStore(WINDOW_KINDS.hopping.grid(window), view, folder),
  session: (window, view, folder) => new SessionStore(window.gapMs, view, folder),
} satisfies { readonly [T in WindowType]: StoreFactory<WindowSpecOf<T>> };

/** The store factory of a view's window kind, looked up once when the view is planned. */
export function storeFactoryOf(view: ViewDefinition): (folder: MeasureFolder) => ViewStore {
  const window = view.window;
  const factory = WINDOW_STORES[windowKindOf(window).type] as StoreFactory<typeof window>;
  return (folder) => factory(window, view, folder);
}
