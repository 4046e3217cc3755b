import type { Server } from 'node:http';

/**
 * Stops a node:http server without waiting on its clients. `server.close()`
 * alone waits for every keep-alive connection to end, and a client that
 * sends its next request on a kept socket holds it open until its request
 * times out: a worker polling the endpoint could keep `stop()` waiting for
 * minutes. Here statements already running finish and are answered with
 * `Connection: close`; then every connection left, idle or holding a request
 * not yet started, is closed, and its client retries elsewhere or later.
 */
export class ConnectionDrain {
  private inFlight = 0;
  private stopping = false;
  private drained: (() => void) | undefined;

  constructor(private readonly server: Server) {}

  /** True once stop() began: answers should say `Connection: close`. */
  get closing(): boolean {
    return this.stopping;
  }

  /** Runs one request's handling, counted so stop() lets it finish. */
  async handle(handling: () => Promise<void>): Promise<void> {
    this.inFlight += 1;
    try {
      await handling();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  /** Stops listening, lets running requests finish, then closes every connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) await new Promise<void>((done) => (this.drained = done));
    this.server.closeAllConnections();
    await closed;
  }
}
