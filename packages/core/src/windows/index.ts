export { forEachWindow, forEachGridWindow, windowsOf, alignDown, type FixedWindowSpec, type WindowBounds, type WindowGrid } from './fixed-windows';
export { SessionSet, type SessionAddition } from './session-set';
export { WINDOW_KINDS, windowKindOf, isWindowType, windowFromConfig, describeWindow, type WindowSpecOf, type ConfigWindow } from './window-kinds';
export type { WindowKind, ViewIssue, WindowCheckContext, WindowScanSql, BatchWindowing, OracleWindow } from './window-kind';
export type { GridWindowKind } from './grid-kind';
