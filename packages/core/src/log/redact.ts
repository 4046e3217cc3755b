/** What stands in for a secret wherever one would be shown. */
export const REDACTED = '***';

/** Config and log keys whose values are secrets, whatever their spelling (`password`, `pasword`, `apiKey`, `secretKey`). */
const SECRET_KEY = /pass?w(or)?d|^pass$|secret|token|credential|authorization|api[-_]?key|private[-_]?key/i;

/** Userinfo with a password in any URL in a text: `https://user:pass@host` -> `https://user:***@host`. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;

/** True for a key whose value must never be shown. */
export function isSecretKey(key: string): boolean {
  // `passwordFile` holds where the secret is, not the secret.
  return SECRET_KEY.test(key) && !/File$/.test(key);
}

/** A URL (or any text holding URLs) with the password of each userinfo replaced. */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, `$1:${REDACTED}@`);
}

/** A text with every known secret and every URL password replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * A copy of a value (a config block, log fields) safe to show: values under
 * secret keys become REDACTED, strings lose known secrets and URL passwords.
 */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = isSecretKey(key) && child !== undefined ? REDACTED : redactValue(child, secrets);
  return out;
}
