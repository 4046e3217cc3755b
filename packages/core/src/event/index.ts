export { readField, toMeasureNumber, type EventRecord } from './read-field';
export { groupValueString, groupValues, groupKeyOf, groupKeyOfValues, OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_KEY } from './group-key';
export { matchesWhere, compileWhere, type WhereClause } from './where-filter';
export { JsonFieldPicker, JsonPickError } from './json-field-picker';
export { MAX_JSON_NESTING, JSON_VALUE_ISSUE_REASONS, jsonValueIssue, type JsonValueIssue } from './json-value-shape';
