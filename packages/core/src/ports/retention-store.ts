import type { ViewDefinition } from '../config/types';

/** Drops what no reader of a view can see any more; each call answers how much it dropped. */
export interface RetentionStore {
  /** Deletes speed rows of periods made final at or before `finalizedBeforeMs`; answers the rows deleted. */
  dropFinalSpeedRows(view: ViewDefinition, finalizedBeforeMs: number): Promise<number>;
  /** Deletes batch generations superseded by one made final at or before `supersededBeforeMs`; answers the (period, generation) pairs deleted. */
  dropSupersededGenerations(view: ViewDefinition, supersededBeforeMs: number): Promise<number>;
}
