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
  readonly routes: readonly CompiledRoute<T>[];

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
    const bare = NEEDS_VIEW.test(path) ? matchingView(path) : path;
    for (const route of this.routes) {
      const matched = route.match(bare);
      if (matched < 0) continue;
      if (route.methods === null || route.methods.has(method)) {
        if (!route.config.stripPrefix) return { kind: 'route', route, forwardPath: path };
        if (bare === path) return { kind: 'route', route, forwardPath: path.slice(matched) };
        const rest = path.slice(originalOffset(path, bare, matched));
        return { kind: 'route', route, forwardPath: rest.replace(/^%2f/i, '/') };
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
    }
    if (allow) return { kind: 'method-not-allowed', allow: [...allow].sort().join(', ') };
    return NOT_FOUND;
  }
}

const NEEDS_VIEW = /;|%2f/i;

/**
 * The path as the least forgiving upstream reads it, for matching only (the path forwarded is
 * unchanged): an escaped slash (`%2F`) splits segments, as WSGI servers and older Go decode it,
 * and matrix parameters (`/admin;v=1/report`) are dropped, as Java servers route it. Otherwise
 * `/admin%2Freport` or `/admin;x/report` would miss the route guarding `/admin`.
 */
function matchingView(path: string): string {
  return path.replace(/%2f/gi, '/').replace(/;[^/]*/g, '');
}

/**
 * Where in `path` the part matched in its matching view ends. Matches end on a segment
 * boundary, and the view's slashes are the path's `/` and `%2F` in the same order.
 */
function originalOffset(path: string, view: string, matched: number): number {
  let segments = 0;
  for (let i = 0; i < matched; i++) if (view.charCodeAt(i) === 47) segments++;
  let seen = 0;
  for (let i = 0; i < path.length; i++) {
    const slash =
      path.charCodeAt(i) === 47 ||
      (path.charCodeAt(i) === 37 && path[i + 1] === '2' && (path[i + 2] === 'F' || path[i + 2] === 'f'));
    if (slash && ++seen > segments) return i;
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
function compileMatcher(raw: string, options: { caseSensitive?: boolean } = {}): (path: string) => number {
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
