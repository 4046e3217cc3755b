import { SluiceError } from '@sluice/core';
import { createStateMachine, IllegalTransitionError } from './state-machine';

const door = () =>
  createStateMachine({
    name: 'door',
    initial: 'closed',
    transitions: { closed: ['open', 'locked'], open: ['closed'], locked: [] } as const,
  });

describe('createStateMachine', () => {
  it('walks the table and reports each transition', () => {
    const seen: string[] = [];
    const machine = createStateMachine({ name: 'door', initial: 'closed', transitions: { closed: ['open'], open: ['closed'] }, onTransition: (from, to) => seen.push(`${from}->${to}`) });
    machine.transition('open');
    machine.transition('closed');
    expect(machine.state).toBe('closed');
    expect(seen).toEqual(['closed->open', 'open->closed']);
  });

  it('refuses what the table does not list, names the machine and what is allowed, and keeps its state', () => {
    const machine = door();
    machine.transition('open');
    let refused: unknown;
    try {
      machine.transition('locked');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(IllegalTransitionError);
    expect(refused).toBeInstanceOf(SluiceError);
    expect(refused).toMatchObject({ code: 'ILLEGAL_TRANSITION', retriable: false, machine: 'door', from: 'open', to: 'locked' });
    expect((refused as Error).message).toBe('door cannot go from open to locked; allowed from open: closed');
    expect(machine.state).toBe('open');
  });

  it('answers can and is without moving, and says when a state is terminal', () => {
    const machine = door();
    expect(machine.can('locked')).toBe(true);
    expect(machine.is('open', 'closed')).toBe(true);
    machine.transition('locked');
    expect(machine.can('open')).toBe(false);
    expect(() => machine.transition('closed')).toThrow('door cannot go from locked to closed; allowed from locked: nothing');
  });
});
