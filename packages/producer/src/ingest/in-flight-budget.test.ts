import { InFlightBudget } from './in-flight-budget';

describe('InFlightBudget', () => {
  it('grants a whole request or nothing, and frees what is given back', () => {
    const budget = new InFlightBudget(100);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(50)).toBe(false);
    expect(budget.inFlight).toBe(60);
    budget.give(60);
    expect(budget.tryTake(100)).toBe(true);
  });
});
