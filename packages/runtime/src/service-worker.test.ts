import { serviceWorker } from './service-worker';

interface FakeService {
  readonly url: string;
  stopped: boolean;
}

describe('serviceWorker', () => {
  it('runs a start/stop service as a worker: ready once it serves, done once it stopped', async () => {
    const worker = serviceWorker<FakeService>({
      name: 'ingest',
      start: async () => ({ url: 'http://127.0.0.1:8080', stopped: false }),
      stop: async (service) => void (service.stopped = true),
    });
    expect(await worker.ready()).toBe(false);
    await worker.start();
    expect(worker.state).toBe('running');
    expect(worker.service?.url).toBe('http://127.0.0.1:8080');
    expect(await worker.ready()).toBe(true);
    await worker.stop();
    expect(worker.service?.stopped).toBe(true);
    expect(await worker.done).toEqual({ state: 'stopped' });
  });

  it('stops a service that a stop during its start let finish starting', async () => {
    let serve: (service: FakeService) => void = () => undefined;
    const worker = serviceWorker<FakeService>({
      name: 'dashboard',
      start: () => new Promise((resolve) => (serve = resolve)),
      stop: async (service) => void (service.stopped = true),
    });
    const started = worker.start();
    const stopped = worker.stop();
    expect(worker.state).toBe('stopping');
    serve({ url: 'http://127.0.0.1:8088', stopped: false });
    await Promise.all([started, stopped]);
    expect(worker.service?.stopped).toBe(true);
    expect(worker.state).toBe('stopped');
  });

  it('fails when the service cannot start; stop then has nothing to release', async () => {
    const worker = serviceWorker<FakeService>({
      name: 'clickhouse',
      start: async () => {
        throw new Error('directory locked');
      },
      stop: async () => undefined,
    });
    await expect(worker.start()).rejects.toThrow('directory locked');
    await worker.stop();
    expect(worker.healthy()).toBe(false);
    expect(await worker.done).toMatchObject({ state: 'failed', error: { message: 'directory locked' } });
  });
});
