/**
 * Values put into copy-ready commands and code. Identifiers, scopes and URLs come from users,
 * and a snippet is pasted into a shell or an editor as it is: every value is quoted so that
 * it stays one literal word whatever it holds.
 */

/**
 * Characters neither bash nor zsh gives meaning to; a word of only these needs no quotes
 * (zsh expands a leading `=`, so it may not come first).
 */
const SHELL_SAFE = /^[A-Za-z0-9_./:@%+,-][A-Za-z0-9_./:=@%+,-]*$/;

/**
 * One shell word holding exactly `value`: left bare when it is plainly safe, otherwise in
 * single quotes, inside which nothing is special except `'` itself, written `'\''`.
 *
 * @example shellQuote("it's") === "'it'\\''s'"
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A single-quoted JavaScript/TypeScript string literal holding exactly `value`: backslashes,
 * quotes, control characters and line separators are escaped.
 *
 * @example jsString("it's") === "'it\\'s'"
 */
export function jsString(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
  const escaped = value.replace(/[\\'\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === "'") return "\\'";
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}
