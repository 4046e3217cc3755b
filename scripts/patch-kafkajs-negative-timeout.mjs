#!/usr/bin/env node
/**
 * Clamps kafkajs 2.2.4's throttle-check delay at 0 (kafkajs issue #1751): with
 * nothing pending and no throttle, `throttledUntil - Date.now()` is negative and
 * Node prints a TimeoutNegativeWarning on every connection. Idempotent; fails
 * loudly when kafkajs changed so that the patch no longer applies.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));

const ORIGINAL = 'let scheduleAt = this.throttledUntil - Date.now()';
const PATCHED = 'let scheduleAt = Math.max(0, this.throttledUntil - Date.now())';

function patch(file) {
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(PATCHED)) return 'already patched';
  if (!source.includes(ORIGINAL)) throw new Error(`expected text not found in ${file}: ${ORIGINAL}`);
  fs.writeFileSync(file, source.replace(ORIGINAL, PATCHED));
  return 'patched';
}

const file = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src/network/requestQueue/index.js');
try {
  console.log(`kafkajs request queue ${patch(file)}: ${file}`);
} catch (error) {
  console.error(`patching kafkajs failed: ${error.message}`);
  process.exitCode = 1;
}
