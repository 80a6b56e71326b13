/** What of the request target the gateway routes on, and forwards. */
export interface Target {
  /** Normalized path, without query. */
  path: string;
  /** `?…` or ''. */
  query: string;
}

const NEEDS_WORK = /%|\/\/|\/\.|\\/;
const UNRESERVED_ESCAPE = /%(2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])/g;

/**
 * Splits the request target into path and query, normalizing the path the way upstreams would
 * read it, so that no spelling of a path reaches a route other than the one it names:
 * percent-escapes of unreserved characters are decoded (`/%6Frders` is `/orders`), repeated
 * slashes collapse, and `.`/`..` segments and backslashes are refused (null → 400).
 * Other escapes (`%2F`) stay as they are, and a route matches them literally.
 */
export function parseTarget(url: string): Target | null {
  let raw = url;
  if (raw.charCodeAt(0) !== 47 /* / */) {
    // absolute-form (RFC 9112 §3.2.2), as sent to proxies; '*' (OPTIONS *) has no route.
    if (raw === '*') return null;
    try {
      const parsed = new URL(raw);
      raw = parsed.pathname + parsed.search;
    } catch {
      return null;
    }
  }
  const q = raw.indexOf('?');
  let path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q);
  if (NEEDS_WORK.test(path)) {
    if (path.includes('\\')) return null;
    path = path.replace(UNRESERVED_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    path = path.replace(/\/{2,}/g, '/');
    for (const segment of path.split('/')) {
      if (segment === '.' || segment === '..') return null;
    }
  }
  return { path, query };
}
