import type { RouteConfig } from '../config/schema.js';
import { parseRoutePath } from './path-pattern.js';

/** A route compiled once at start. `T` is what the gateway hangs on it (upstream, verifier). */
export interface CompiledRoute<T> {
  index: number;
  /** The route's path as written, for logs. */
  name: string;
  config: RouteConfig;
  /** null: every method. */
  methods: ReadonlySet<string> | null;
  /** Length of the matched part that stripPrefix removes, or -1 when the path does not match. */
  match(path: string): number;
  data: T;
}

export type RouteMatch<T> =
  | {
      kind: 'route';
      route: CompiledRoute<T>;
      /** The path, or with stripPrefix what follows the matched part ('' for nothing). */ forwardPath: string;
    }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const NOT_FOUND = { kind: 'not-found' } as const;

/** Routes in file order: the first whose path and method match takes the request. */
export class Router<T> {
  private readonly routes: CompiledRoute<T>[];

  constructor(routes: readonly RouteConfig[], data: (route: RouteConfig, index: number) => T) {
    this.routes = routes.map((config, index) => ({
      index,
      name: config.path,
      config,
      methods: methodSet(config.methods),
      match: compileMatcher(config.path, { caseSensitive: config.caseSensitive ?? false }),
      data: data(config, index),
    }));
  }

  match(method: string, path: string): RouteMatch<T> {
    let allow: Set<string> | undefined;
    // Matrix parameters (`/admin;v=1/report`) are matched without: Java servers and others
    // route `/admin;v=1` as `/admin`, so the route that guards `/admin` must take it too.
    const bare = path.includes(';') ? withoutMatrixParams(path) : path;
    for (const route of this.routes) {
      const matched = route.match(bare);
      if (matched < 0) continue;
      if (route.methods === null || route.methods.has(method)) {
        if (!route.config.stripPrefix) return { kind: 'route', route, forwardPath: path };
        const cut = bare === path ? matched : originalOffset(path, bare, matched);
        return { kind: 'route', route, forwardPath: path.slice(cut) };
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
    }
    if (allow) return { kind: 'method-not-allowed', allow: [...allow].sort().join(', ') };
    return NOT_FOUND;
  }
}

function withoutMatrixParams(path: string): string {
  return path.replace(/;[^/]*/g, '');
}

/**
 * Where in `path` the part matched in `bare` (the same path without matrix parameters) ends.
 * Matches end on a segment boundary, so the same number of segments in `path` does.
 */
function originalOffset(path: string, bare: string, matched: number): number {
  let segments = 0;
  for (let i = 0; i < matched; i++) if (bare.charCodeAt(i) === 47) segments++;
  let seen = 0;
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) === 47 && ++seen > segments) return i;
  }
  return path.length;
}

function methodSet(methods: readonly string[] | undefined): ReadonlySet<string> | null {
  if (methods === undefined) return null;
  const set = new Set(methods);
  if (set.has('GET')) set.add('HEAD');
  return set;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ASCII-only lowercasing: keeps every index where it was, which stripPrefix relies on. */
function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** `path` starts with `lowerPrefix` (lowercase), ignoring ASCII case. */
function startsWithIgnoreCase(path: string, lowerPrefix: string): boolean {
  if (path.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = path.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Plain prefixes compare strings; patterns become one anchored regular expression. Matching
 * ignores ASCII case unless `caseSensitive`, as Express and most frameworks route: otherwise
 * `/ADMIN` would slip past the route guarding `/admin` to a catch-all, and reach the same handler.
 */
export function compileMatcher(
  raw: string,
  options: { caseSensitive?: boolean } = {},
): (path: string) => number {
  const parsed = parseRoutePath(raw);
  if (typeof parsed === 'string') throw new TypeError(`route path ${raw}: ${parsed}`);
  const caseSensitive = options.caseSensitive ?? false;
  if (parsed.kind === 'prefix') {
    const prefix = caseSensitive ? parsed.prefix : lowerAscii(parsed.prefix);
    if (prefix === '') return () => 0;
    const length = prefix.length;
    const boundary = (path: string) => path.length === length || path.charCodeAt(length) === 47;
    if (caseSensitive) return (path) => (path.startsWith(prefix) && boundary(path) ? length : -1);
    return (path) =>
      (path.startsWith(prefix) || startsWithIgnoreCase(path, prefix)) && boundary(path) ? length : -1;
  }
  const head = parsed.segments
    .map((s) => ('literal' in s ? `/${escapeRegExp(s.literal)}` : '/[^/]+'))
    .join('');
  const regex = new RegExp(parsed.rest ? `^(${head})(?:/.*)?$` : `^(${head})/?$`, caseSensitive ? '' : 'i');
  return (path) => {
    const m = regex.exec(path);
    return m ? (m[1]?.length ?? 0) : -1;
  };
}
