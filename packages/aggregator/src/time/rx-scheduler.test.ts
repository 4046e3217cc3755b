import { VirtualTimeScheduler, asyncScheduler, interval } from 'rxjs';
import type { Scheduler } from '@sluice/core';
import { rxScheduler } from './rx-scheduler';

describe('rxScheduler', () => {
  it('passes rxjs schedulers through, which serve as the core port unchanged', () => {
    const virtual = new VirtualTimeScheduler();
    const ports: Scheduler[] = [asyncScheduler, virtual];
    expect(ports.map(rxScheduler)).toEqual([asyncScheduler, virtual]);
  });

  it('runs interval() on any port: ticks on its time, and stops when unsubscribed', () => {
    const virtual = new VirtualTimeScheduler();
    // Not an rxjs scheduler: only the port's two methods.
    const port: Scheduler = { now: () => virtual.now(), schedule: (work, delay, state) => virtual.schedule(work, delay, state) };
    const ticks: number[] = [];
    const subscription = interval(100, rxScheduler(port)).subscribe(() => ticks.push(port.now()));
    virtual.maxFrames = 350;
    virtual.flush();
    expect(ticks).toEqual([100, 200, 300]);
    subscription.unsubscribe();
    // Cancelled on the port itself, not merely ignored when it comes due.
    expect(virtual.actions).toEqual([]);
    virtual.maxFrames = 1_000;
    virtual.flush();
    expect(ticks).toEqual([100, 200, 300]);
  });
});
