import { IllegalTransitionError, Lifecycle } from './lifecycle';

describe('Lifecycle', () => {
  it('walks the happy path and reports each transition', () => {
    const seen: string[] = [];
    const lifecycle = new Lifecycle((from, to) => seen.push(`${from}->${to}`));
    lifecycle.transition('starting');
    lifecycle.transition('running');
    lifecycle.transition('stopping');
    lifecycle.transition('stopped');
    expect(seen).toEqual(['created->starting', 'starting->running', 'running->stopping', 'stopping->stopped']);
  });

  it('refuses transitions the table does not allow', () => {
    const lifecycle = new Lifecycle();
    expect(() => lifecycle.transition('running')).toThrow(IllegalTransitionError);
    lifecycle.transition('starting');
    lifecycle.transition('failed');
    expect(lifecycle.can('stopping')).toBe(false);
  });
});
