import type { SourceDefinition, ViewDefinition } from '../config/types';
import type { InsertOutcome } from './isolate-refused';

/** One event of the master dataset: typed columns for what the batch layer needs, the event as JSON text. */
export interface RawRow {
  readonly event_time: number;
  readonly event_id: string;
  readonly event_key: string;
  readonly kafka_partition: number;
  readonly kafka_offset: string;
  /** The landed watermark of the partition when the row landed: later rows than it were late for the speed layer. */
  landed_watermark: number;
  readonly raw: string;
}

/** The rows of one source partition's offset range (or of a part of it), landed as one unit. */
export interface RawLanding {
  readonly source: Pick<SourceDefinition, 'name' | 'topic'>;
  readonly partition: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
  readonly rows: readonly RawRow[];
}

/** The latest end of the sessions that start in one period. */
export interface SessionReach {
  readonly period: number;
  readonly reach: number;
}

/**
 * The master dataset of the batch layer: every event of every source, kept
 * for recomputation. Landing a range again (after a crash before its
 * progress was recorded) adds nothing: the range is the unit of deduplication.
 */
export interface RawStore {
  /**
   * Lands the rows of one offset range. A refusal for the rows' content comes
   * back as an outcome, so the caller can isolate the refused rows; any other
   * failure rejects, with a SluiceError whose `retriable` flag says whether
   * trying again can help (an outage) or not.
   */
  land(landing: RawLanding): Promise<InsertOutcome>;
  /** Epoch ms of the earliest landed event of a source, or undefined when none has landed. */
  earliestEventTime(source: string): Promise<number | undefined>;
  /** Per period in `[fromMs, toMs)` of a session view, how far its sessions reach (deduplicated events). */
  sessionReach(view: ViewDefinition, range: { readonly fromMs: number; readonly toMs: number }): Promise<SessionReach[]>;
}
