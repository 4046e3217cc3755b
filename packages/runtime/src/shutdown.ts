import { STOP_SIGNALS, watchSignals, type SignalSource } from './signals';

/** Something that can stop cleanly: drain, flush, commit, close. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Stops `target` on the first SIGTERM or SIGINT and resolves when it has
 * stopped. A second signal while stopping is ignored: stopping already drains.
 * Workers run through `runWorker`; this serves supervisors such as `sluice up`.
 */
export function stopOnSignals(target: Stoppable, signals: readonly NodeJS.Signals[] = STOP_SIGNALS, source?: SignalSource): Promise<void> {
  const watch = watchSignals(signals, source);
  return watch.received.then(() => target.stop()).finally(() => watch.dispose());
}
