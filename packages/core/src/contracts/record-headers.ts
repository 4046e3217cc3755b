/**
 * Header names of the records Sluice copies out of a source topic. A dead
 * letter keeps the original key and value and says why and from where in
 * these headers; a late copy carries the same four plus the views it missed
 * (docs/architecture.md). Consumers of those topics read these names.
 */

/** Why and from where a record was dead-lettered (or copied to the late topic). */
export const DEAD_LETTER_HEADERS = {
  reason: 'sluice-reason',
  topic: 'sluice-topic',
  partition: 'sluice-partition',
  offset: 'sluice-offset',
} as const;

/** What a late copy adds: the views it came too late for, and its event time. */
export const LATE_RECORD_HEADERS = {
  views: 'sluice-views',
  eventTime: 'sluice-event-time',
} as const;
