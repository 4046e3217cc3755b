/** Whether the store answered, and if not, why. */
export type StorePing = { readonly reachable: true } | { readonly reachable: false; readonly error: string };

/** Asks the store whether it answers, for readiness probes and health pages; never rejects. */
export interface StoreProbe {
  ping(): Promise<StorePing>;
}
