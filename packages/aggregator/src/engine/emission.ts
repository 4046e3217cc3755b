import type { WindowState } from './window-state';

/** What happened to a window row: still open, closed for good, or gone in a session merge. */
export const EMISSION_KINDS = ['update', 'final', 'retract'] as const;
export type EmissionKind = (typeof EMISSION_KINDS)[number];

/** Receives the rows a store emits; the partition turns them into packed result rows. */
export interface EmissionSink {
  window(kind: 'update' | 'final', state: WindowState): void;
  retraction(start: number, end: number, group: readonly string[], atOffset: number): void;
}

/**
 * Deterministic version of a row: 2 * (offset of the last event folded into
 * that state) + 1 when final. A replay rebuilds the same state at the same
 * offset, so a version always carries the same content.
 */
export function resultVersion(lastOffset: number, final: boolean): number {
  return 2 * lastOffset + (final ? 1 : 0);
}
