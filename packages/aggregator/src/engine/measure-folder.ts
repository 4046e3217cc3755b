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

  /** How many slots one group's states take in a flat state array (see appendEmpty). */
  get width(): number {
    return this.aggregators.length;
  }

  /**
   * Appends empty states, one per measure, to a flat array holding the states
   * of many groups side by side (a group's at `base = index * width`): no
   * array per group, and where every state is a number (count, sum)
   * V8 keeps them unboxed in the array's elements.
   */
  appendEmpty(flat: unknown[]): void {
    for (let i = 0; i < this.aggregators.length; i++) flat.push(this.aggregators[i]!.create());
  }

  /** add for the states at `base` of a flat array (see appendEmpty). */
  addAt(flat: unknown[], base: number, event: EventRecord): void {
    for (let i = 0; i < this.aggregators.length; i++) {
      const field = this.fields[i];
      flat[base + i] = this.aggregators[i]!.add(flat[base + i], field === undefined ? undefined : readField(event, field));
    }
  }

  /** addPrepared for the states at `base` of a flat array (see appendEmpty). */
  addPreparedAt(flat: unknown[], base: number, prepared: Float64Array): void {
    for (let i = 0; i < prepared.length; i++) {
      const value = prepared[i]!;
      flat[base + i] = this.aggregators[i]!.addPrepared(flat[base + i], Number.isNaN(value) ? undefined : value);
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
