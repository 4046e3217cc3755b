/**
 * Reads the file a `...File` config key names. Core does no I/O: the edge
 * (the runtime's config file loader) passes one in.
 */
export type SecretFileReader = (path: string) => string;

/** A secret as a config section writes it: inline, or the path of a file that holds it. */
export interface SecretSource {
  readonly value?: string | undefined;
  readonly file?: string | undefined;
}

/** Why a secret could not be resolved, for a ConfigIssue at the `...File` key. */
export class SecretFileError extends Error {}

/**
 * The secret itself: the inline value, else the content of its file without
 * the trailing newline editors and `echo` add. Environment variables reach the
 * inline value before this runs (see environment.ts).
 */
export function resolveSecret(source: SecretSource, read: SecretFileReader | undefined): string | undefined {
  if (source.value !== undefined) return source.value;
  if (source.file === undefined) return undefined;
  if (read === undefined) throw new SecretFileError('cannot be read here: no file reader was given to the config loader');
  let text: string;
  try {
    text = read(source.file);
  } catch (error) {
    throw new SecretFileError(`cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new SecretFileError('names an empty file');
  return secret;
}
