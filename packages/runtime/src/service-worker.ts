import { createWorkerLifecycle } from './worker-lifecycle';
import type { Worker, WorkerOutcome, WorkerState } from './worker';

export interface ServiceWorkerOptions<S> {
  readonly name: string;
  /** Starts the service; resolves once it serves. */
  readonly start: () => Promise<S>;
  /** Stops accepting, finishes what was accepted, releases what the service holds. */
  readonly stop: (service: S) => Promise<void>;
  /** Readiness beyond serving at all (a dependency that answers); running is enough by default. */
  readonly ready?: (service: S) => Promise<boolean>;
  readonly onTransition?: (from: WorkerState, to: WorkerState) => void;
}

/** A Worker around a service started by a function (ingest, the served ClickHouse, the dashboard). */
export interface ServiceWorker<S> extends Worker {
  /** The running service, once started. */
  readonly service: S | undefined;
}

/**
 * Adapts a `start() -> { stop() }` service to the Worker contract, so that
 * it runs through `runWorker` like every other role. Such a service does not
 * fail on its own, so `done` settles when it is stopped.
 */
export function serviceWorker<S>(options: ServiceWorkerOptions<S>): ServiceWorker<S> {
  const lifecycle = createWorkerLifecycle(options.name, options.onTransition);
  let service: S | undefined;
  let starting: Promise<void> | undefined;

  const startOnce = async () => {
    try {
      service = await options.start();
    } catch (error) {
      lifecycle.fail(error);
      throw error;
    }
    // A stop that came during the start has taken over; it waits for this and stops the service.
    if (lifecycle.is('starting')) lifecycle.transition('running');
  };

  const stopOnce = async () => {
    if (lifecycle.can('stopping')) lifecycle.transition('stopping');
    await starting?.catch(() => undefined);
    try {
      if (service !== undefined) await options.stop(service);
    } catch (error) {
      lifecycle.fail(error);
      throw error;
    }
    if (lifecycle.is('stopping')) lifecycle.transition('stopped');
  };

  return {
    name: options.name,
    get state() {
      return lifecycle.state;
    },
    get service() {
      return service;
    },
    get done(): Promise<WorkerOutcome> {
      return lifecycle.done;
    },
    start() {
      lifecycle.transition('starting');
      starting = startOnce();
      return starting;
    },
    stop: () => lifecycle.stopWith(stopOnce),
    healthy: () => !lifecycle.is('failed'),
    ready: async () => lifecycle.is('running') && service !== undefined && (options.ready === undefined || (await options.ready(service))),
    details: () => ({ state: lifecycle.state }),
  };
}
