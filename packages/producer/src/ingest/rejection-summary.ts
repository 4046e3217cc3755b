import type { Rejection } from './accept-batch';
import type { RejectReason } from './validate-event';

/** Rejections listed one by one in an answer; the rest are only counted, so a bad batch cannot make a huge response. */
export const MAX_REJECTIONS_LISTED = 100;

/** What an answer says about the rejected events of its request. */
export interface RejectionSummary {
  /** The first rejections, in body order, at most {@link MAX_REJECTIONS_LISTED}. */
  readonly rejected: readonly Rejection[];
  /** How many events were rejected in all. */
  readonly rejectedCount: number;
  /** How many events were rejected for each reason. */
  readonly rejectedByReason: Partial<Record<RejectReason, number>>;
}

/** Lists the first rejections and counts all of them by reason. */
export function summarizeRejections(rejections: readonly Rejection[], maxListed: number = MAX_REJECTIONS_LISTED): RejectionSummary {
  const rejectedByReason: Partial<Record<RejectReason, number>> = {};
  for (const { reason } of rejections) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
  return { rejected: rejections.slice(0, maxListed), rejectedCount: rejections.length, rejectedByReason };
}
