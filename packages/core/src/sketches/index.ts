export { HyperLogLog } from './hyperloglog';
export { DDSketch } from './ddsketch';
export { murmur3Utf8 } from './murmur3';
export { keyOf, valueOfKey, DDSKETCH_ALPHA } from './ddsketch-mapping';
export { hllEstimate, HLL_PRECISION } from './hll-estimate';
