import type { Logger, MetricsRegistry } from '@sluice/core';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { startOpsServer, type OpsServer } from './ops-server';
import { STOP_SIGNALS, watchSignals, type SignalSource } from './signals';
import type { Worker } from './worker';

/** Lines written to stdout at each step; `sluice up`, the tests and people wait for them. */
export interface WorkerAnnouncements {
  /** Once the ops endpoints listen, with their base URL. */
  readonly ops?: (url: string) => string;
  /** Once the worker runs. */
  readonly running?: () => string;
  /** After a clean stop. */
  readonly stopped?: () => string;
}

export interface RunWorkerOptions {
  readonly logger: Logger;
  readonly stdout: NodeJS.WritableStream;
  /** Where a failure is told in one line, beside the structured log. */
  readonly stderr: NodeJS.WritableStream;
  /** Serve `/healthz`, `/readyz` and `/metrics` from the worker's health; absent when the worker answers them on its own port. */
  readonly ops?: { readonly port: number; readonly host?: string; readonly metrics: MetricsRegistry };
  /** Fields added to the worker's health details, e.g. the ClickHouse endpoint it writes to. */
  readonly details?: () => Record<string, unknown>;
  readonly announce?: WorkerAnnouncements;
  readonly signals?: readonly NodeJS.Signals[];
  readonly signalSource?: SignalSource;
  /** Turns a client library's failure into a SluiceError with a code, where the caller knows the library (a refused Kafka login). */
  readonly explain?: (error: unknown) => unknown;
}

/**
 * Runs one worker until it stops or fails and resolves to the process exit
 * code (see EXIT_CODES); it never calls process.exit. Signal handlers go in
 * first, so a SIGTERM while the ops port binds or the worker joins its group
 * drains instead of killing. After a failure the worker is stopped too, to
 * release what it still holds.
 */
export async function runWorker(worker: Worker, options: RunWorkerOptions): Promise<ExitCode> {
  const { logger, announce = {} } = options;
  const say = (line: string | undefined) => {
    if (line !== undefined) options.stdout.write(`${line}\n`);
  };
  const tell = (what: string, raw: unknown) => {
    const error = options.explain ? options.explain(raw) : raw;
    logger.error(`${worker.name} ${what}`, { error });
    options.stderr.write(`${worker.name} ${what}: ${messageOf(error)}\n`);
  };
  const watch = watchSignals(options.signals ?? STOP_SIGNALS, options.signalSource);
  let stopping: Promise<Error | undefined> | undefined;
  const stop = () => (stopping ??= failureOf(worker.stop()));
  let signalled = false;
  void watch.received.then((signal) => {
    signalled = true;
    logger.info(`${worker.name} stopping`, { signal });
    return stop();
  });
  let ops: OpsServer | undefined;
  try {
    if (options.ops) {
      const { port, host = '127.0.0.1', metrics } = options.ops;
      const details = options.details;
      const probe = details ? { healthy: () => worker.healthy(), ready: () => worker.ready(), details: () => ({ ...worker.details(), ...details() }) } : worker;
      try {
        ops = await startOpsServer({ port, host, metrics, probe });
      } catch (error) {
        tell('could not start', error);
        return EXIT_CODES.startFailed;
      }
      say(announce.ops?.(`http://${host}:${ops.port}`));
    }
    if (!signalled) {
      const startFailure = await failureOf(worker.start());
      if (startFailure) {
        tell('could not start', startFailure);
        const releaseFailure = await stop();
        if (releaseFailure) logger.warn(`${worker.name} did not release everything after a failed start`, { error: releaseFailure });
        return EXIT_CODES.startFailed;
      }
      if (worker.state === 'running') say(announce.running?.());
    }
    await Promise.race([watch.received, worker.done]);
    const stopFailure = await stop();
    const outcome = await worker.done;
    if (outcome.state === 'failed') {
      tell('failed', outcome.error);
      return EXIT_CODES.failed;
    }
    if (stopFailure) {
      tell('failed while stopping', stopFailure);
      return EXIT_CODES.failed;
    }
    say(announce.stopped?.());
    return EXIT_CODES.stopped;
  } finally {
    watch.dispose();
    await ops?.close();
  }
}

/** Resolves with the error `operation` rejected with, or undefined when it succeeded. */
function failureOf(operation: Promise<unknown>): Promise<Error | undefined> {
  return operation.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
