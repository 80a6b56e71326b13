/**
 * Route paths, decided once at start:
 * - A plain path (`/orders`) is a prefix on segment boundaries: it matches `/orders`,
 *   `/orders/` and `/orders/42`, never `/orders-archive`. `/` matches every path.
 * - A pattern has `:name` segments (one non-empty segment each) and may end in `/*`
 *   (any number of further segments, including none): `/orders/:id` matches `/orders/42`
 *   only; `/orders/:id/*` also matches `/orders/42/items`. `/public/*` is the same as `/public`.
 */
export type RoutePath =
  | { kind: 'prefix'; /** Without a trailing slash; '' for `/`. */ prefix: string }
  | { kind: 'pattern'; segments: readonly Segment[]; rest: boolean };

export type Segment = { literal: string } | { param: string };

const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;
/** RFC 3986 pchar, without the percent-escapes that would need decoding to compare. */
const LITERAL = /^(?:[A-Za-z0-9\-._~!$&'()+,;=@]|%[0-9A-Fa-f]{2})+$/;

/** Parses a configured route path, or returns why it is not one. */
export function parseRoutePath(raw: string): RoutePath | string {
  if (!raw.startsWith('/')) return 'must start with "/"';
  if (raw.includes('?') || raw.includes('#')) return 'must not contain a query or fragment';
  const trimmed = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const parts = trimmed === '/' ? [] : trimmed.slice(1).split('/');
  const segments: Segment[] = [];
  let rest = false;
  for (const [index, part] of parts.entries()) {
    if (part === '*') {
      if (index !== parts.length - 1) return '"*" may only be the last segment';
      rest = true;
    } else if (part.startsWith(':')) {
      if (!PARAM.test(part)) return `"${part}" is not a parameter name (letters, digits and _)`;
      segments.push({ param: part.slice(1) });
    } else if (part === '' || part === '.' || part === '..') {
      return 'must not contain empty, "." or ".." segments';
    } else if (!LITERAL.test(part) || part.includes('*')) {
      return `segment "${part}" has characters a path cannot hold unescaped`;
    } else {
      segments.push({ literal: part });
    }
  }
  if (segments.every((s) => 'literal' in s)) {
    const prefix = segments.map((s) => `/${(s as { literal: string }).literal}`).join('');
    return { kind: 'prefix', prefix };
  }
  return { kind: 'pattern', segments, rest };
}

/** The literal segments a path starts with, before any parameter: every match begins with them. */
export function literalLead(path: RoutePath): string {
  if (path.kind === 'prefix') return path.prefix;
  let out = '';
  for (const segment of path.segments) {
    if (!('literal' in segment)) break;
    out += `/${segment.literal}`;
  }
  return out;
}
