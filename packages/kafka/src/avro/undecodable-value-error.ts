import { SluiceError } from '@sluice/core';

/** A record value that cannot become an event; the message is the reason a dead letter carries. */
export class UndecodableValueError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('UNDECODABLE_VALUE', message, cause === undefined ? {} : { cause });
  }
}
