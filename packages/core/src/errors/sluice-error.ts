/** Options every Sluice error carries. */
export interface SluiceErrorOptions {
  /** Whether the same operation may succeed if tried again (a broker restarting, a timeout). */
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

/**
 * The one base error of Sluice. `code` is stable and machine-readable;
 * `retriable` tells retry helpers whether trying again can help.
 */
export class SluiceError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: SluiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** True for errors that a retry may cure: Sluice errors marked retriable. */
export function isRetriable(error: unknown): boolean {
  return error instanceof SluiceError && error.retriable;
}
