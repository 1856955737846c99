/**
 * Keeps passwords out of messages. Driver errors can quote the connection string, and a config
 * mistake can put a URL where a name was expected; every message the SQL source produces goes
 * through `redact` before anyone sees it.
 */

/** `scheme://user:password@host` → `scheme://user:***@host`, for any URL in the text. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]*)@/gi;
/** What the examples in crmhub's own messages write in place of a password. */
const PLACEHOLDER = '<password>';

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(URL_CREDENTIALS, (_m, head: string, pass: string) => `${head}:${pass === PLACEHOLDER ? pass : '***'}@`);
  for (const secret of secrets) {
    if (!secret) continue;
    // The raw and the URL-encoded spelling: a password with `@` or `%` appears either way.
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
