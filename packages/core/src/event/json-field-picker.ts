import type { EventRecord } from './read-field';
import { MAX_JSON_NESTING } from './json-value-shape';

/** A value that is not one JSON object: the picker's only error. */
export class JsonPickError extends Error {
  override readonly name = 'JsonPickError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
/** Integers of at most this many digits are exact in a double, so they are summed digit by digit. */
const EXACT_DIGITS = 15;
/** Up to this length V8 builds concatenated strings flat, so building one byte by byte stays cheap. */
const SHORT_TEXT = 12;
const UTF8_ENCODER = new TextEncoder();
/** Keeps a leading U+FEFF inside a string, as JSON.parse of the decoded text would; invalid UTF-8 becomes U+FFFD. */
const UTF8_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });
const LITERALS: readonly (readonly [Uint8Array, boolean | null])[] = [
  [UTF8_ENCODER.encode('true'), true],
  [UTF8_ENCODER.encode('false'), false],
  [UTF8_ENCODER.encode('null'), null],
];

const EMPTY = new Uint8Array(0);
const PLAIN_TO_STRING = Uint8Array.prototype.toString;

/**
 * Bytes that decode a range of themselves natively, as a Node Buffer does
 * (a Buffer is a Uint8Array): faster than TextDecoder on a subarray, and the
 * aggregator's records are Buffers.
 */
interface NativeText {
  toString(encoding: 'utf8' | 'latin1', start: number, end: number): string;
}

const isDigit = (byte: number): boolean => byte >= ZERO && byte <= NINE;
const isHex = (byte: number): boolean => isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);

/**
 * Reads only the named top-level fields of a JSON object, straight from its
 * UTF-8 bytes. A speed-layer view needs a handful of an event's fields (its
 * time, filter, group and measure fields); building every other field as a
 * JS value, as JSON.parse does, is most of the cost of decoding. The whole
 * value is still validated to the JSON grammar, so a value JSON.parse would
 * refuse is refused here too, and the picked fields equal JSON.parse's
 * (the last of duplicate keys wins; invalid UTF-8 becomes U+FFFD).
 *
 * @example new JsonFieldPicker(['ts', 'user_id']).pick(new TextEncoder().encode('{"ts":1,"page":"/"}')) // { ts: 1 }
 */
export class JsonFieldPicker {
  private readonly names: readonly string[];
  private readonly nameBytes: readonly Uint8Array[];
  /**
   * The value being read. The scanning methods take a position and return
   * the next one, so the per-byte loops run on locals; what a method reads
   * besides (a string's escapes, a picked value) it leaves in a field.
   */
  private bytes: Uint8Array = EMPTY;
  /** True while `bytes` has a native range decoder (see NativeText). */
  private native = false;
  private escaped = false;
  private value: unknown = undefined;
  /** Open containers while skipping a nested value: true for an object. Reused between values. */
  private readonly open: boolean[] = [];

  constructor(fields: Iterable<string>) {
    this.names = [...new Set(fields)];
    this.nameBytes = this.names.map((name) => UTF8_ENCODER.encode(name));
  }

  /**
   * The picked fields of the JSON object in `bytes` (a Buffer is a Uint8Array);
   * throws JsonPickError when `bytes` is not one JSON object.
   */
  pick(bytes: Uint8Array): EventRecord {
    this.bytes = bytes;
    this.native = bytes.toString !== PLAIN_TO_STRING;
    const event: Record<string, unknown> = {};
    let at = this.skipWhitespace(0);
    if (bytes[at] !== OPEN_OBJECT) this.fail('expected an object', at);
    at = this.skipWhitespace(at + 1);
    at = bytes[at] === CLOSE_OBJECT ? at + 1 : this.readMembers(at, event);
    at = this.skipWhitespace(at);
    if (at !== bytes.length) this.fail('unexpected data after the object', at);
    // A record's value is a view of the whole fetch response: holding it would keep that alive.
    this.bytes = EMPTY;
    return event;
  }

  private readMembers(from: number, event: Record<string, unknown>): number {
    const bytes = this.bytes;
    let at = from;
    for (;;) {
      const keyStart = at;
      at = this.skipString(at);
      const field = this.fieldOf(keyStart, at);
      at = this.skipWhitespace(at);
      if (bytes[at] !== COLON) this.fail('expected :', at);
      at = this.skipWhitespace(at + 1);
      if (field < 0) {
        at = this.skipValue(at);
      } else {
        at = this.readValue(at);
        setOwn(event, this.names[field]!, this.value);
      }
      at = this.skipWhitespace(at);
      const next = bytes[at];
      if (next === CLOSE_OBJECT) return at + 1;
      if (next !== COMMA) this.fail('expected , or }', at);
      at = this.skipWhitespace(at + 1);
    }
  }

  /** The index of the picked field the member name in [start, end) names, or -1. */
  private fieldOf(start: number, end: number): number {
    const bytes = this.bytes;
    if (this.escaped) return this.names.indexOf(JSON.parse(this.utf8(start, end)) as string);
    const length = end - start - 2;
    for (let field = 0; field < this.nameBytes.length; field++) {
      const name = this.nameBytes[field]!;
      if (name.length !== length) continue;
      let i = 0;
      while (i < length && name[i] === bytes[start + 1 + i]) i++;
      if (i === length) return field;
    }
    return -1;
  }

  /** Reads a picked value into `value`, as JSON.parse would build it. */
  private readValue(start: number): number {
    const bytes = this.bytes;
    const first = bytes[start];
    let end: number;
    if (first === QUOTE) {
      end = this.skipString(start);
      this.value = this.escaped ? JSON.parse(this.utf8(start, end)) : this.text(start + 1, end - 1);
    } else if (first === MINUS || (first !== undefined && isDigit(first))) {
      end = this.readNumber(start);
    } else if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
      end = this.skipValue(start);
      this.value = JSON.parse(this.utf8(start, end));
    } else {
      end = this.readLiteral(start);
    }
    return end;
  }

  /** The text of unescaped string bytes. Short ASCII strings are built here: cheaper than a call into the UTF-8 decoder. */
  private text(start: number, end: number): string {
    const bytes = this.bytes;
    if (end - start > SHORT_TEXT) return this.utf8(start, end);
    let text = '';
    for (let at = start; at < end; at++) {
      const byte = bytes[at]!;
      if (byte >= 0x80) return this.utf8(start, end);
      text += String.fromCharCode(byte);
    }
    return text;
  }

  /** The UTF-8 text of bytes [start, end); invalid sequences become U+FFFD either way. */
  private utf8(start: number, end: number): string {
    if (this.native) return (this.bytes as unknown as NativeText).toString('utf8', start, end);
    return UTF8_DECODER.decode(this.bytes.subarray(start, end));
  }

  /** The text of ASCII bytes [start, end): a number's digits, sign, dot and exponent. */
  private ascii(start: number, end: number): string {
    if (this.native) return (this.bytes as unknown as NativeText).toString('latin1', start, end);
    const bytes = this.bytes;
    let text = '';
    for (let at = start; at < end; at++) text += String.fromCharCode(bytes[at]!);
    return text;
  }

  /** Reads a number into `value`. */
  private readNumber(start: number): number {
    const bytes = this.bytes;
    const negative = bytes[start] === MINUS;
    let at = negative ? start + 1 : start;
    const digitsFrom = at;
    let integer = 0;
    let byte = bytes[at];
    if (byte === ZERO) {
      byte = bytes[++at];
    } else {
      if (byte === undefined || !isDigit(byte)) this.fail('expected a digit', at);
      while (byte !== undefined && isDigit(byte)) {
        integer = integer * 10 + (byte - ZERO);
        byte = bytes[++at];
      }
    }
    if (byte !== DOT && byte !== LOWER_E && byte !== UPPER_E && at - digitsFrom <= EXACT_DIGITS) {
      this.value = negative ? -integer : integer;
      return at;
    }
    if (byte === DOT) {
      at = this.skipDigits(at + 1);
      byte = bytes[at];
    }
    if (byte === LOWER_E || byte === UPPER_E) {
      byte = bytes[++at];
      at = this.skipDigits(byte === PLUS || byte === MINUS ? at + 1 : at);
    }
    this.value = Number(this.ascii(start, at));
    return at;
  }

  /** One or more digits. */
  private skipDigits(from: number): number {
    const bytes = this.bytes;
    let at = from;
    let byte = bytes[at];
    while (byte !== undefined && isDigit(byte)) byte = bytes[++at];
    if (at === from) this.fail('expected a digit', at);
    return at;
  }

  /** Reads true, false or null into `value`. */
  private readLiteral(at: number): number {
    for (const [word, value] of LITERALS) {
      if (this.bytes[at] !== word[0]) continue;
      for (let i = 1; i < word.length; i++) if (this.bytes[at + i] !== word[i]) this.fail('invalid literal', at + i);
      this.value = value;
      return at + word.length;
    }
    return this.fail('unexpected character', at);
  }

  /** Skips a string, checking its escapes; sets `escaped` when it had any. */
  private skipString(start: number): number {
    const bytes = this.bytes;
    if (bytes[start] !== QUOTE) this.fail('expected a string', start);
    let at = start + 1;
    let escaped = false;
    for (;;) {
      const byte = bytes[at];
      if (byte === QUOTE) break;
      if (byte === undefined || byte < 0x20) this.fail(byte === undefined ? 'unterminated string' : 'control character in string', at);
      if (byte === BACKSLASH) {
        escaped = true;
        at = this.skipEscape(at + 1);
      } else {
        at++;
      }
    }
    this.escaped = escaped;
    return at + 1;
  }

  /** Checks the escape whose letter is at `at`. */
  private skipEscape(at: number): number {
    const letter = this.bytes[at];
    // " \ / b f n r t
    if (letter === 0x22 || letter === 0x5c || letter === 0x2f || letter === 0x62 || letter === 0x66 || letter === 0x6e || letter === 0x72 || letter === 0x74) return at + 1;
    if (letter !== 0x75) this.fail('invalid escape', at);
    for (let i = 1; i <= 4; i++) {
      const hex = this.bytes[at + i];
      if (hex === undefined || !isHex(hex)) this.fail('invalid \\u escape', at + i);
    }
    // A surrogate, lone or paired, is rare: the whole decode, which checks the pairing, decides on it.
    if (this.isSurrogateEscape(at)) this.fail('surrogate escape', at);
    return at + 5;
  }

  /** Whether the checked `\u` escape whose letter is at `at` is \uD800 to \uDFFF. */
  private isSurrogateEscape(at: number): boolean {
    const first = this.bytes[at + 1]! | 0x20; // lower case
    const second = this.bytes[at + 2]! | 0x20;
    return first === 0x64 && (second === 0x38 || second === 0x39 || (second >= 0x61 && second <= 0x66));
  }

  /**
   * Skips any JSON value, checking it. Nested containers are tracked on an
   * explicit stack, so no depth of nesting can exhaust the call stack; past
   * MAX_JSON_NESTING levels the value is refused, as decodeJsonValue refuses it.
   */
  private skipValue(from: number): number {
    const bytes = this.bytes;
    const open = this.open;
    // A depth counter, not open.length: resetting an array's length is a slow path on every value.
    let depth = 0;
    let at = from;
    for (;;) {
      at = this.skipWhitespace(at);
      const byte = bytes[at];
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        // The event object is level 1 and this container sits `depth` levels inside one of its members.
        if (depth + 2 > MAX_JSON_NESTING) this.fail(`nesting deeper than ${MAX_JSON_NESTING} levels`, at);
        const isObject = byte === OPEN_OBJECT;
        at = this.skipWhitespace(at + 1);
        if (bytes[at] === (isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          at++;
        } else {
          open[depth++] = isObject;
          if (isObject) at = this.skipMemberName(at);
          continue;
        }
      } else if (byte === QUOTE) {
        at = this.skipString(at);
      } else if (byte === MINUS || (byte !== undefined && isDigit(byte))) {
        at = this.readNumber(at);
      } else {
        at = this.readLiteral(at);
      }
      // Close what ends here, then move past the separator to the next element.
      for (;;) {
        if (depth === 0) return at;
        at = this.skipWhitespace(at);
        const next = bytes[at];
        const inObject = open[depth - 1]!;
        if (next === COMMA) {
          at = inObject ? this.skipMemberName(at + 1) : at + 1;
          break;
        }
        if (next !== (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) this.fail(inObject ? 'expected , or }' : 'expected , or ]', at);
        depth--;
        at++;
      }
    }
  }

  /** Skips `"name" :` inside a skipped object. */
  private skipMemberName(from: number): number {
    const at = this.skipWhitespace(this.skipString(this.skipWhitespace(from)));
    if (this.bytes[at] !== COLON) this.fail('expected :', at);
    return at + 1;
  }

  private skipWhitespace(from: number): number {
    const bytes = this.bytes;
    let at = from;
    for (;;) {
      const byte = bytes[at];
      // space, tab, line feed, carriage return
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return at;
      at++;
    }
  }

  private fail(reason: string, at: number): never {
    const found = at < this.bytes.length ? `byte 0x${this.bytes[at]!.toString(16).padStart(2, '0')}` : 'end of input';
    throw new JsonPickError(`${reason} at position ${at} (found ${found})`);
  }
}

/** Sets an own data property; `__proto__` stays a field, as JSON.parse makes it. */
function setOwn(event: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(event, name, { value, enumerable: true, writable: true, configurable: true });
  else event[name] = value;
}
