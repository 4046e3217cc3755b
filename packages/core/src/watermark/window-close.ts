/**
 * True once a window can no longer change: the watermark has passed its end
 * plus the view's allowed lateness. Its result is then final.
 */
export function isWindowClosed(windowEnd: number, latenessMs: number, watermark: number): boolean {
  return watermark >= windowEnd + latenessMs;
}

/**
 * True when an arriving event is too late for the window it belongs to: the
 * same rule as isWindowClosed, applied before folding the event in. Late
 * events are counted and routed to the late topic; the batch layer keeps them.
 */
export function isLate(windowEnd: number, latenessMs: number, watermark: number): boolean {
  return isWindowClosed(windowEnd, latenessMs, watermark);
}
