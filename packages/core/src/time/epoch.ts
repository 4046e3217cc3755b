declare const epochMsBrand: unique symbol;

/** Milliseconds since the Unix epoch, UTC. Branded so that offsets and partition ids cannot pass for times. */
export type EpochMs = number & { readonly [epochMsBrand]: true };

/** Brands a number as epoch milliseconds. */
export const epochMs = (ms: number): EpochMs => ms as EpochMs;
