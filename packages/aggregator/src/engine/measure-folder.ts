import { aggregatorFor, appendStateParts, readField, type AnyMeasureAggregator, type EventRecord, type Measure } from '@sluice/core';

/**
 * Folds events into the measure states of one view, with the core
 * aggregators, so that every layer computes a measure the same way.
 */
export class MeasureFolder {
  private readonly aggregators: readonly AnyMeasureAggregator[];
  /** The event field each measure reads; undefined for count. */
  private readonly fields: readonly (string | undefined)[];

  constructor(measures: readonly Measure[]) {
    this.aggregators = measures.map((measure) => aggregatorFor(measure));
    this.fields = measures.map((measure) => ('field' in measure ? measure.field : undefined));
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

  /**
   * A scratch row for prepare, one slot per measure; made once per store.
   * Unboxed doubles, so storing a prepared number allocates nothing; NaN
   * stands for a skipped value (prepare never yields NaN).
   */
  newPrepared(): Float64Array {
    return new Float64Array(this.aggregators.length);
  }

  /**
   * Reads and prepares every measure's input of one event into `into` (see
   * MeasureAggregator.prepare): done once for an event that several windows hold.
   */
  prepare(into: Float64Array, event: EventRecord): void {
    for (let i = 0; i < into.length; i++) {
      const field = this.fields[i];
      into[i] = this.aggregators[i]!.prepare(field === undefined ? undefined : readField(event, field)) ?? NaN;
    }
  }

  /** Folds prepared inputs into `states` in place; equals add with the event they were prepared from. */
  addPrepared(states: unknown[], prepared: Float64Array): void {
    for (let i = 0; i < states.length; i++) {
      const value = prepared[i]!;
      states[i] = this.aggregators[i]!.addPrepared(states[i], Number.isNaN(value) ? undefined : value);
    }
  }

  /** Folds `from` into `into` in place (session merges). */
  merge(into: unknown[], from: readonly unknown[]): void {
    for (let i = 0; i < into.length; i++) into[i] = this.aggregators[i]!.merge(into[i], from[i]);
  }

  /** Appends the state parts of every measure to a packed result row (see ResultPack). */
  appendParts(row: unknown[], states: readonly unknown[]): void {
    for (let i = 0; i < states.length; i++) appendStateParts(row, this.aggregators[i]!.toWire(states[i]));
  }
}
