import { CompactorLifecycle, IllegalCompactorTransitionError } from './lifecycle';

describe('CompactorLifecycle', () => {
  it('runs created -> starting -> running -> stopping -> stopped', () => {
    const lifecycle = new CompactorLifecycle();
    for (const state of ['starting', 'running', 'stopping', 'stopped'] as const) lifecycle.to(state);
    expect(lifecycle.state).toBe('stopped');
  });

  it('refuses transitions the table does not list', () => {
    const lifecycle = new CompactorLifecycle();
    expect(() => lifecycle.to('running')).toThrow(IllegalCompactorTransitionError);
    expect(lifecycle.tryTo('stopped')).toBe(false);
    expect(lifecycle.state).toBe('created');
  });

  it('lets a failed compactor stop', () => {
    const lifecycle = new CompactorLifecycle();
    lifecycle.to('starting');
    lifecycle.to('failed');
    expect(lifecycle.tryTo('stopping')).toBe(true);
  });
});
