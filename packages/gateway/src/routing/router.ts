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
      match: compileMatcher(config.path),
      data: data(config, index),
    }));
  }

  match(method: string, path: string): RouteMatch<T> {
    let allow: Set<string> | undefined;
    for (const route of this.routes) {
      const matched = route.match(path);
      if (matched < 0) continue;
      if (route.methods === null || route.methods.has(method)) {
        if (!route.config.stripPrefix) return { kind: 'route', route, forwardPath: path };
        return { kind: 'route', route, forwardPath: path.slice(matched) };
      }
      allow ??= new Set();
      for (const m of route.methods) allow.add(m);
    }
    if (allow) return { kind: 'method-not-allowed', allow: [...allow].sort().join(', ') };
    return NOT_FOUND;
  }
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

/** Plain prefixes compare strings; patterns become one anchored regular expression. */
export function compileMatcher(raw: string): (path: string) => number {
  const parsed = parseRoutePath(raw);
  if (typeof parsed === 'string') throw new TypeError(`route path ${raw}: ${parsed}`);
  if (parsed.kind === 'prefix') {
    const prefix = parsed.prefix;
    if (prefix === '') return () => 0;
    const length = prefix.length;
    return (path) =>
      path.startsWith(prefix) && (path.length === length || path.charCodeAt(length) === 47) ? length : -1;
  }
  const head = parsed.segments
    .map((s) => ('literal' in s ? `/${escapeRegExp(s.literal)}` : '/[^/]+'))
    .join('');
  const regex = new RegExp(parsed.rest ? `^(${head})(?:/.*)?$` : `^(${head})/?$`);
  return (path) => {
    const m = regex.exec(path);
    return m ? (m[1]?.length ?? 0) : -1;
  };
}
