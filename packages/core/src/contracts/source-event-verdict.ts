import type { EventRecord } from '../event/read-field';
import type { EpochMs } from '../time/epoch';

/** Why a source record holds no usable event: the reason its dead letter carries. */
export interface Refusal {
  readonly ok: false;
  readonly reason: string;
}

/** A record value read as an event, or why it holds none. */
export type ValueVerdict = { readonly ok: true; readonly event: EventRecord } | Refusal;

/** A source record as both layers use it: its event and event time, or why it has none. */
export type SourceEventVerdict = { readonly ok: true; readonly event: EventRecord; readonly eventTime: EpochMs } | Refusal;

/** The verdict that `reason` refuses a record. */
export function refusal(reason: string): Refusal {
  return { ok: false, reason };
}
