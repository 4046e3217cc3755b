export { forEachWindow, windowsOf, alignDown, type FixedWindowSpec, type WindowBounds } from './fixed-windows';
export { SessionSet, type SessionAddition } from './session-set';
