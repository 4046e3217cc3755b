import { SinkLifecycle } from './sink-lifecycle';

describe('SinkLifecycle', () => {
  it('follows start, run, stop', () => {
    const lifecycle = new SinkLifecycle();
    for (const state of ['starting', 'running', 'stopping', 'stopped'] as const) lifecycle.moveTo(state);
    expect(lifecycle.state).toBe('stopped');
  });

  it('lets a failed sink stop, and refuses to run it again', () => {
    const lifecycle = new SinkLifecycle();
    lifecycle.moveTo('starting');
    lifecycle.moveTo('running');
    lifecycle.moveTo('failed');
    expect(lifecycle.canMoveTo('running')).toBe(false);
    expect(() => lifecycle.moveTo('running')).toThrow('sink cannot go from failed to running');
    lifecycle.moveTo('stopping');
    expect(lifecycle.state).toBe('stopping');
  });
});
