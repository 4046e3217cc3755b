/**
 * The few web-platform globals core uses, which every JavaScript runtime has
 * (Node, Deno, Bun, browsers): a timer, structuredClone and UTF-8 text coding.
 * They are declared here instead of taken from Node's or the DOM's types, so
 * that a Node API in core (Buffer, process, node:*) fails to compile: core
 * does no I/O and runs wherever the engines run.
 */

declare function setTimeout(callback: () => void, ms?: number): unknown;

declare function structuredClone<T>(value: T): T;

interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare const TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };
