import type { MeasureFolder } from './measure-folder';

/** Bit of OpenWindow.queued: the group is queued as changed since its last update. */
export const UPDATE_QUEUED = 1;
/** Bit of OpenWindow.queued: the group is queued as changed since its last checkpoint. */
export const CHECKPOINT_QUEUED = 2;

/**
 * The groups of one open fixed window, kept in columns rather than as an
 * object per group: a group is an index into flat arrays, and its measure
 * states lie side by side in one array (`width` slots per group, see
 * MeasureFolder.appendEmpty). An open (window, group) pair then costs its map
 * entry, its key and a few array slots, with no object, array or boxed
 * window bound of its own; the WindowState of a group is built only when it
 * is emitted (see FixedWindowStore).
 */
export class OpenWindow {
  /** Group key -> index of the group in the columns below. */
  readonly indexOf = new Map<string, number>();
  /** Group key of each index, from which the group values are derived on emit. */
  readonly keys: string[] = [];
  /** The measure states of group i at [i * width, (i + 1) * width). */
  readonly measures: unknown[] = [];
  /** Offset of the first event folded into each group: its replay point. */
  readonly firstOffsets: number[] = [];
  /** Offset of the last event folded into each group: its result version. */
  readonly lastOffsets: number[] = [];
  /** Each group's queued bits (UPDATE_QUEUED, CHECKPOINT_QUEUED): one number for both queues. */
  readonly queued: number[] = [];
  /** Finals emitted (or forgotten at the end of a replay); a stale queued change is skipped. */
  closed = false;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  /** Adds a group with empty measure states and returns its index. */
  add(key: string, offset: number, folder: MeasureFolder): number {
    const index = this.keys.length;
    this.indexOf.set(key, index);
    this.keys.push(key);
    folder.appendEmpty(this.measures);
    this.firstOffsets.push(offset);
    this.lastOffsets.push(offset);
    this.queued.push(0);
    return index;
  }

  /** Open groups in this window. */
  get size(): number {
    return this.keys.length;
  }
}
