export { readField, toMeasureNumber, type EventRecord } from './read-field';
export { groupValueString, groupValues, groupKeyOf } from './group-key';
export { matchesWhere, compileWhere, type WhereClause } from './where-filter';
export { JsonFieldPicker, JsonPickError } from './json-field-picker';
