/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** The signals that ask a worker to drain and exit. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** The first stop signal, and the handlers that wait for it. */
export interface SignalWatch {
  /** Resolves with the first signal received. */
  readonly received: Promise<NodeJS.Signals>;
  /** Removes the handlers; until then a second signal is ignored rather than killing a drain in progress. */
  dispose(): void;
}

/** Installs handlers for `signals` now, so that a signal from this moment on is caught. */
export function watchSignals(signals: readonly NodeJS.Signals[] = STOP_SIGNALS, source: SignalSource = process): SignalWatch {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const received = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of signals) handlers.set(signal, () => resolve(signal));
  });
  handlers.forEach((handler, signal) => source.on(signal, handler));
  return { received, dispose: () => handlers.forEach((handler, signal) => source.off(signal, handler)) };
}
