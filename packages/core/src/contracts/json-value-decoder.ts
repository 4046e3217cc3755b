import { JsonFieldPicker, JsonPickError } from '../event/json-field-picker';
import { JSON_VALUE_ISSUE_REASONS, jsonValueIssue } from '../event/json-value-shape';
import type { EventRecord } from '../event/read-field';
import { refusal, type Refusal, type ValueVerdict } from './source-event-verdict';
import type { ValueDecoder } from './value-decoder';

/** A JSON value read whole: its event, and its text as it came. */
export type JsonTextVerdict = { readonly ok: true; readonly event: EventRecord; readonly text: string } | Refusal;

/** A byte-order mark is kept, as Buffer's UTF-8 decoding keeps it, so it makes the value invalid JSON in both layers. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The reason a tombstone (a record without a value) is refused, in every format. */
export const NO_VALUE_REASON = 'record has no value';

/**
 * Reads a JSON value whole: one JSON object is an event; arrays, scalars and
 * broken JSON are refused with JSON.parse's reason, in the words users know,
 * and so is an object nested deeper than MAX_JSON_NESTING levels or holding
 * a lone surrogate (see JsonValueIssue).
 * Invalid UTF-8 becomes U+FFFD, as Node's Buffer decoding does.
 */
export function decodeJsonValue(bytes: Uint8Array): JsonTextVerdict {
  const text = utf8.decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refusal(`value is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refusal(`value is JSON but not an object (${Array.isArray(parsed) ? 'array' : typeof parsed})`);
  }
  const issue = jsonValueIssue(parsed);
  if (issue !== undefined) return refusal(JSON_VALUE_ISSUE_REASONS[issue]);
  return { ok: true, event: parsed as EventRecord, text };
}

/**
 * JSON object values. Given `fields` (what the views read), only those are
 * built, straight from the bytes (JsonFieldPicker); the picker refuses
 * exactly what decodeJsonValue refuses, and decodeJsonValue then gives the
 * reason, so a narrowed and a whole decode reach the same verdict.
 */
export function jsonValueDecoder(fields?: readonly string[]): ValueDecoder {
  const decode = fields === undefined ? decodeWhole : narrowedDecoder(new JsonFieldPicker(fields));
  return { prepare: () => Promise.resolve(), decode };
}

function decodeWhole(value: Uint8Array | null): ValueVerdict {
  return value === null ? refusal(NO_VALUE_REASON) : decodeJsonValue(value);
}

/** The field picker, as far as it is used here: any picker over UTF-8 bytes. */
interface FieldPicker {
  pick(bytes: Uint8Array): EventRecord;
}

function narrowedDecoder(picker: FieldPicker): (value: Uint8Array | null) => ValueVerdict {
  return (value) => {
    if (value === null) return refusal(NO_VALUE_REASON);
    try {
      return { ok: true, event: picker.pick(value) };
    } catch (error) {
      if (!(error instanceof JsonPickError)) throw error;
      return decodeJsonValue(value);
    }
  };
}
