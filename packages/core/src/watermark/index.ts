export { PartitionWatermark } from './partition-watermark';
export { isWindowClosed, isLate } from './window-close';
export { idleWatermarks, type PartitionActivity, type IdleSettings } from './idle-watermarks';
