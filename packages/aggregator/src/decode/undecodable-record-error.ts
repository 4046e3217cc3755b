import { SluiceError } from '@sluice/core';

/** A source record the aggregator cannot read; it goes to the dead-letter topic with this message. */
export class UndecodableRecordError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('AGGREGATOR_UNDECODABLE_RECORD', message, cause === undefined ? {} : { cause });
  }
}
