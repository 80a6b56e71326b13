const MAX_LENGTH = 2048;
const BASE = 'https://gatehouse.invalid';

/**
 * The path to send someone to after signing in, if it is one of ours: a path starting with a
 * single '/'. Anything else, including '//host', '/\host' and paths with control characters
 * (browsers drop tabs and newlines, so '/\t/host' would become '//host'), gives '/'.
 */
export function safeReturnTo(raw: string): string {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if ([...raw].some((c) => c <= ' ' || c === '\x7f' || c === '\\')) return '/';
  try {
    if (new URL(raw, BASE).origin !== BASE) return '/';
  } catch {
    return '/';
  }
  return raw;
}
