/** Something that can stop cleanly: drain, flush, commit, close. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Stops `worker` on the first SIGTERM or SIGINT and resolves when it has
 * stopped. A second signal while stopping is ignored: stopping already drains.
 */
export function stopOnSignals(worker: Stoppable, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const handler = () => {
      if (stopping) return;
      stopping = true;
      worker.stop().then(resolve, reject).finally(() => signals.forEach((signal) => process.off(signal, handler)));
    };
    signals.forEach((signal) => process.on(signal, handler));
  });
}
