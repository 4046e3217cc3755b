import { SluiceError, silentLogger } from '@sluice/core';
import { retryWithinBatch } from './retry-within-batch';

const outage = () => new SluiceError('SCHEMA_REGISTRY_FAILED', 'registry unreachable', { retriable: true });
const fast = { initialDelayMs: 1, maxDelayMs: 2, logger: silentLogger, batch: { topic: 'events', partition: 0 } };

describe('retryWithinBatch', () => {
  it('waits out retriable failures, heartbeating before every new attempt', async () => {
    let calls = 0;
    const heartbeat = jest.fn(() => Promise.resolve());
    const task = () => (++calls < 4 ? Promise.reject(outage()) : Promise.resolve());
    await expect(retryWithinBatch(task, { ...fast, heartbeat, stillOwned: () => true })).resolves.toBe(true);
    expect(calls).toBe(4);
    expect(heartbeat).toHaveBeenCalledTimes(3);
  });

  it('gives the batch up once it is no longer owned, without running the task again', async () => {
    let owned = true;
    let calls = 0;
    const task = () => {
      calls++;
      owned = false;
      return Promise.reject(outage());
    };
    await expect(retryWithinBatch(task, { ...fast, heartbeat: () => Promise.resolve(), stillOwned: () => owned })).resolves.toBe(false);
    expect(calls).toBe(1);
  });

  it('returns false for a batch that was not owned to begin with', async () => {
    const task = jest.fn(() => Promise.resolve());
    await expect(retryWithinBatch(task, { ...fast, heartbeat: () => Promise.resolve(), stillOwned: () => false })).resolves.toBe(false);
    expect(task).not.toHaveBeenCalled();
  });

  it('passes errors that are not retriable through at once', async () => {
    const task = jest.fn(() => Promise.reject(new Error('bug')));
    await expect(retryWithinBatch(task, { ...fast, heartbeat: () => Promise.resolve(), stillOwned: () => true })).rejects.toThrow('bug');
    expect(task).toHaveBeenCalledTimes(1);
  });
});
