import { aggregatorFor, readField, type AnyMeasureAggregator, type EventRecord, type Measure, type MeasureState } from '@sluice/core';

/**
 * Folds events into the measure states of one view, with the core
 * aggregators, so that every layer computes a measure the same way.
 */
export class MeasureFolder {
  private readonly aggregators: readonly AnyMeasureAggregator[];
  /** The event field each measure reads; undefined for count. */
  private readonly fields: readonly (string | undefined)[];
  private readonly names: readonly string[];

  constructor(measures: readonly Measure[]) {
    this.aggregators = measures.map((measure) => aggregatorFor(measure));
    this.fields = measures.map((measure) => ('field' in measure ? measure.field : undefined));
    this.names = measures.map((measure) => measure.name);
  }

  /** Empty states, one per measure. */
  create(): unknown[] {
    const states = new Array<unknown>(this.aggregators.length);
    for (let i = 0; i < states.length; i++) states[i] = this.aggregators[i]!.create();
    return states;
  }

  /** Folds one event into `states` in place. */
  add(states: unknown[], event: EventRecord): void {
    for (let i = 0; i < states.length; i++) {
      const field = this.fields[i];
      states[i] = this.aggregators[i]!.add(states[i], field === undefined ? undefined : readField(event, field));
    }
  }

  /** Folds `from` into `into` in place (session merges). */
  merge(into: unknown[], from: readonly unknown[]): void {
    for (let i = 0; i < into.length; i++) into[i] = this.aggregators[i]!.merge(into[i], from[i]);
  }

  /** The mergeable wire form, keyed by measure name. */
  toWire(states: readonly unknown[]): Record<string, MeasureState> {
    const wire: Record<string, MeasureState> = {};
    for (let i = 0; i < states.length; i++) wire[this.names[i]!] = this.aggregators[i]!.toWire(states[i]);
    return wire;
  }
}
