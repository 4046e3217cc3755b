import { randomBytes } from 'node:crypto';

/** A name no other test uses: `prefix_<8 hex>`, valid as a topic, group, table or database name. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
