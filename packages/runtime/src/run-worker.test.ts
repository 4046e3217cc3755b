import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { MetricsRegistry, silentLogger } from '@sluice/core';
import { EXIT_CODES } from './exit-codes';
import { startOpsServer } from './ops-server';
import { runWorker, type RunWorkerOptions } from './run-worker';
import { createWorkerLifecycle } from './worker-lifecycle';
import type { Worker } from './worker';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A worker on the kernel's lifecycle whose start and drain the test releases, recording what happened. */
class FakeWorker implements Worker {
  readonly name = 'fake';
  readonly events: string[] = [];
  readonly lifecycle = createWorkerLifecycle('fake');
  readonly connected = deferred();
  readonly drained = deferred();
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  get state() {
    return this.lifecycle.state;
  }

  get done() {
    return this.lifecycle.done;
  }

  start(): Promise<void> {
    this.lifecycle.transition('starting');
    this.events.push('start');
    this.starting = this.connected.promise.then(
      () => {
        if (this.lifecycle.is('starting')) this.lifecycle.transition('running');
      },
      (error: Error) => {
        this.lifecycle.fail(error);
        throw error;
      },
    );
    return this.starting;
  }

  stop(): Promise<void> {
    this.events.push(`stop while ${this.state}`);
    if (this.lifecycle.is('created')) {
      this.lifecycle.transition('stopped');
      return Promise.resolve();
    }
    this.stopping ??= (async () => {
      if (this.lifecycle.can('stopping')) this.lifecycle.transition('stopping');
      await this.starting?.catch(() => undefined);
      if (this.lifecycle.is('failed')) return void this.events.push('released');
      try {
        await this.drained.promise;
      } catch (error) {
        this.lifecycle.fail(error);
        throw error;
      }
      this.events.push('drained');
      this.lifecycle.transition('stopped');
    })();
    return this.stopping;
  }

  healthy = () => !this.lifecycle.is('failed');
  ready = async () => this.lifecycle.is('running');
  details = () => ({ state: this.state });
}

/** Collects what is written to a stream. */
function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

function harness(overrides: Partial<RunWorkerOptions> = {}) {
  const signals = new EventEmitter();
  const stdout = output();
  const stderr = output();
  const options: RunWorkerOptions = {
    logger: silentLogger,
    stdout: stdout.stream,
    stderr: stderr.stream,
    signalSource: signals,
    announce: { ops: (url) => `fake ops on ${url}`, running: () => 'fake running', stopped: () => 'fake stopped' },
    ...overrides,
  };
  return { signals, stdout, stderr, options };
}

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('runWorker', () => {
  it('drains on SIGTERM, prints each step, exits 0 and removes its signal handlers', async () => {
    const worker = new FakeWorker();
    const { signals, stdout, options } = harness();
    const exit = runWorker(worker, options);
    worker.connected.resolve();
    await until(() => worker.state === 'running');
    signals.emit('SIGTERM');
    await until(() => worker.state === 'stopping');
    worker.drained.resolve();
    expect(await exit).toBe(EXIT_CODES.stopped);
    expect(worker.events).toEqual(['start', 'stop while running', 'drained']);
    expect(stdout.text()).toBe('fake running\nfake stopped\n');
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('listens before start: a SIGINT while the worker joins its group waits for the start and drains', async () => {
    const worker = new FakeWorker();
    const { signals, options } = harness();
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const exit = runWorker(worker, options);
    await until(() => worker.state === 'starting');
    signals.emit('SIGINT');
    await until(() => worker.state === 'stopping');
    worker.connected.resolve();
    worker.drained.resolve();
    expect(await exit).toBe(EXIT_CODES.stopped);
    expect(worker.events).toEqual(['start', 'stop while starting', 'drained']);
  });

  it('ignores a second signal while draining instead of stopping twice', async () => {
    const worker = new FakeWorker();
    const { signals, options } = harness();
    const exit = runWorker(worker, options);
    worker.connected.resolve();
    await until(() => worker.state === 'running');
    signals.emit('SIGTERM');
    await until(() => worker.state === 'stopping');
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    worker.drained.resolve();
    expect(await exit).toBe(EXIT_CODES.stopped);
    expect(worker.events.filter((event) => event.startsWith('stop'))).toEqual(['stop while running']);
  });

  it('exits 1 when the worker fails while running, after stopping it to release what it holds', async () => {
    const worker = new FakeWorker();
    const { stderr, options } = harness();
    const exit = runWorker(worker, options);
    worker.connected.resolve();
    await until(() => worker.state === 'running');
    worker.lifecycle.fail(new Error('batch could not be written'));
    expect(await exit).toBe(EXIT_CODES.failed);
    expect(worker.events).toEqual(['start', 'stop while failed', 'released']);
    expect(stderr.text()).toBe('fake failed: batch could not be written\n');
  });

  it('exits 1 when the drain after a signal fails', async () => {
    const worker = new FakeWorker();
    const { signals, stderr, options } = harness();
    const exit = runWorker(worker, options);
    worker.connected.resolve();
    await until(() => worker.state === 'running');
    signals.emit('SIGTERM');
    await until(() => worker.state === 'stopping');
    worker.drained.reject(new Error('commit refused'));
    expect(await exit).toBe(EXIT_CODES.failed);
    expect(stderr.text()).toBe('fake failed: commit refused\n');
  });

  it('exits 3 when the worker cannot start, and still stops it', async () => {
    const worker = new FakeWorker();
    const { stdout, stderr, options } = harness();
    const exit = runWorker(worker, options);
    worker.connected.reject(new Error('Kafka does not answer'));
    expect(await exit).toBe(EXIT_CODES.startFailed);
    expect(worker.events).toEqual(['start', 'stop while failed', 'released']);
    expect(stderr.text()).toBe('fake could not start: Kafka does not answer\n');
    expect(stdout.text()).toBe('');
  });

  it('tells a start failure as the caller explains it, e.g. a library error as a SluiceError', async () => {
    const worker = new FakeWorker();
    const { stderr, options } = harness();
    const exit = runWorker(worker, { ...options, explain: (error) => new Error(`explained: ${(error as Error).message}`) });
    worker.connected.reject(new Error('SASL authentication failed'));
    expect(await exit).toBe(EXIT_CODES.startFailed);
    expect(stderr.text()).toBe('fake could not start: explained: SASL authentication failed\n');
  });

  it('serves health, readiness and metrics on the ops port while the worker runs, then closes it', async () => {
    const worker = new FakeWorker();
    const metrics = new MetricsRegistry();
    metrics.counter('sluice_fake_total', 'things').inc({}, 2);
    const { signals, stdout, options } = harness({ ops: { port: 0, metrics }, details: () => ({ clickhouse: 'http://ch:8123' }) });
    const exit = runWorker(worker, options);
    await until(() => stdout.text().includes('fake ops on'));
    const base = /fake ops on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout.text())?.[1] as string;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    worker.connected.resolve();
    await until(() => worker.state === 'running');
    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', state: 'running', clickhouse: 'http://ch:8123' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('sluice_fake_total 2');
    signals.emit('SIGTERM');
    worker.drained.resolve();
    expect(await exit).toBe(EXIT_CODES.stopped);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('exits 3 without starting the worker when the ops port is taken', async () => {
    const taken = await startOpsServer({ port: 0, metrics: new MetricsRegistry(), probe: { healthy: () => true, ready: async () => true } });
    try {
      const worker = new FakeWorker();
      const { stderr, options } = harness({ ops: { port: taken.port, metrics: new MetricsRegistry() } });
      expect(await runWorker(worker, options)).toBe(EXIT_CODES.startFailed);
      expect(worker.events).toEqual([]);
      expect(stderr.text()).toMatch(/^fake could not start: .*EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });
});
