import { SluiceError, isRetriable } from './sluice-error';

/** How a retry loop waits; a port so that tests run on virtual time. */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
}

export interface RetryOptions {
  /** Attempts after the first; 0 means try once. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Which errors to retry; defaults to errors marked retriable. */
  readonly shouldRetry?: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly sleeper?: Sleeper;
  /** Jitter source in [0, 1); injected so that tests are deterministic. */
  readonly random?: () => number;
}

/** Thrown when a retriable operation kept failing; `cause` is the last failure. */
export class RetriesExhaustedError extends SluiceError {
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('RETRIES_EXHAUSTED', `gave up after ${attempts} attempts: ${reason}`, { cause });
    this.attempts = attempts;
  }
}

const realSleeper: Sleeper = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * Runs `operation`, retrying failures that `shouldRetry` accepts with
 * exponential backoff and full jitter. Non-retriable errors pass through at once.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const shouldRetry = options.shouldRetry ?? isRetriable;
  const sleeper = options.sleeper ?? realSleeper;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!shouldRetry(error)) throw error;
      if (attempt >= options.retries) throw new RetriesExhaustedError(attempt + 1, error);
      const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attempt);
      const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      options.onRetry?.(error, attempt + 1, delayMs);
      await sleeper.sleep(delayMs);
    }
  }
}
