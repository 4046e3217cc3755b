import { aggregatorFor, SluiceError, type AnyMeasureAggregator, type MeasureState, type ViewDefinition } from '@sluice/core';
import { newWindowState, type WindowState } from '../engine/window-state';

/** The JSON of one checkpointed state: bounds, group, measures in wire form, first and last offset. */
interface EncodedState {
  readonly s: number;
  readonly e: number;
  readonly g: readonly string[];
  readonly m: readonly MeasureState[];
  readonly f: number;
  readonly l: number;
}

/** The start of every state-topic key of one source partition. */
export function stateKeyPrefix(topic: string, partition: number): string {
  return `${topic}|${partition}|`;
}

/** Stands for the overflow group in a key: a real group is a JSON array, so never this. */
const OVERFLOW_KEY_PART = '*';

/**
 * The state-topic key of one (view, window, group) of a source partition:
 * compaction keeps its last value. Topic names and view names hold no `|`,
 * and the group is JSON (or the overflow mark, which a real group whose
 * values look like the overflow group's never gets), so the key is
 * unambiguous and the view can be read back from it.
 */
export function stateKey(topic: string, partition: number, view: string, start: number, group: readonly string[], overflow: boolean): string {
  return `${stateKeyPrefix(topic, partition)}${view}|${start}|${overflow ? OVERFLOW_KEY_PART : JSON.stringify(group)}`;
}

/** The view of a key that starts with `prefix`, and whether it is an overflow group's (see stateKey). */
export function parseStateKey(key: string, prefix: string): { view: string; overflow: boolean } {
  return { view: key.slice(prefix.length, key.indexOf('|', prefix.length)), overflow: key.endsWith(`|${OVERFLOW_KEY_PART}`) };
}

/**
 * Encodes the window states of one view for the state topic and back, with
 * the measure wire forms the result rows use, so every measure kind has its
 * state codec in one place (its aggregator in @sluice/core).
 */
export class StateCodec {
  private readonly aggregators: readonly AnyMeasureAggregator[];

  constructor(private readonly view: ViewDefinition) {
    this.aggregators = view.measures.map((measure) => aggregatorFor(measure));
  }

  encode(state: WindowState): Buffer {
    const encoded: EncodedState = {
      s: state.start,
      e: state.end,
      g: state.group,
      m: state.measures.map((measure, i) => this.aggregators[i]!.toWire(measure)),
      f: state.firstOffset,
      l: state.lastOffset,
    };
    return Buffer.from(JSON.stringify(encoded));
  }

  /** Throws SluiceError AGGREGATOR_STATE_UNREADABLE when the value is not a state of this view. */
  decode(value: Buffer): WindowState {
    let encoded: EncodedState;
    try {
      encoded = JSON.parse(value.toString()) as EncodedState;
      if (!Array.isArray(encoded.m) || encoded.m.length !== this.aggregators.length || !Array.isArray(encoded.g)) throw new Error('wrong shape');
      const measures = encoded.m.map((wire, i) => this.aggregators[i]!.fromWire(wire));
      const state = newWindowState(encoded.s, encoded.e, encoded.g, measures, encoded.f);
      state.lastOffset = encoded.l;
      return state;
    } catch (error) {
      throw new SluiceError('AGGREGATOR_STATE_UNREADABLE', `a checkpointed state of view ${this.view.name} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }
}
