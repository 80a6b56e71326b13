import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowed, NotFound } from './errors.js';
import { noteRoute } from './request-facts.js';

/** Values of a pattern's `:name` segments, decoded; empty for exact paths. */
export type RouteParams = Readonly<Record<string, string>>;

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: RouteParams,
) => Promise<void> | void;

interface Pattern {
  /** As registered, e.g. `/pools/:poolId/login`: what the access log names the route. */
  path: string;
  segments: readonly string[];
  byMethod: Map<string, Handler>;
}

const NO_PARAMS: RouteParams = Object.freeze({});

/**
 * Exact-path routing: the endpoints are few and fixed, so one map lookup finds each. Paths with
 * `:name` segments (a pool's endpoints under `/pools/:poolId`) are tried next, in order; a
 * parameter matches one non-empty segment.
 */
export class Router {
  private readonly routes = new Map<string, Map<string, Handler>>();
  private readonly patterns: Pattern[] = [];
  private readonly prefixes: [string, Handler, ((path: string) => boolean) | undefined][] = [];

  on(method: string, path: string, handler: Handler): this {
    const byMethod = path.includes('/:') ? this.pattern(path) : this.exact(path);
    byMethod.set(method, handler);
    if (method === 'GET' && !byMethod.has('HEAD')) byMethod.set('HEAD', handler);
    return this;
  }

  /**
   * Hands every path under `prefix` not matched exactly to `handler`, which routes the rest
   * itself. With `accepts`, only the paths it accepts: several handlers can then share a prefix
   * (the pools' protocol endpoints and hosted pages both live under `/pools/`). First match wins.
   */
  under(prefix: string, handler: Handler, accepts?: (path: string) => boolean): this {
    this.prefixes.push([prefix, handler, accepts]);
    return this;
  }

  /**
   * The handler for `method` and `url`. With `req`, notes on it the route matched (for the access
   * log): the registered path or pattern, or `<prefix>*` for a prefix's handler, which may note a
   * finer one itself. Never the path as sent, which may hold ids.
   */
  find(
    method: string,
    url: string,
    req?: IncomingMessage,
  ): (req: IncomingMessage, res: ServerResponse) => Promise<void> | void {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const exact = this.routes.get(path);
    const matched = exact ? { byMethod: exact, params: NO_PARAMS, route: path } : this.match(path);
    if (!matched) {
      for (const [prefix, handler, accepts] of this.prefixes) {
        if (path.startsWith(prefix) && (accepts === undefined || accepts(path))) {
          if (req) noteRoute(req, `${prefix}*`);
          return (req, res) => handler(req, res, NO_PARAMS);
        }
      }
      throw new NotFound();
    }
    if (req) noteRoute(req, matched.route);
    const handler = matched.byMethod.get(method);
    if (!handler) throw new MethodNotAllowed([...matched.byMethod.keys()]);
    return (req, res) => handler(req, res, matched.params);
  }

  private exact(path: string): Map<string, Handler> {
    const byMethod = this.routes.get(path) ?? new Map<string, Handler>();
    this.routes.set(path, byMethod);
    return byMethod;
  }

  private pattern(path: string): Map<string, Handler> {
    const segments = path.split('/');
    const known = this.patterns.find((p) => p.path === path);
    if (known) return known.byMethod;
    const byMethod = new Map<string, Handler>();
    this.patterns.push({ path, segments, byMethod });
    return byMethod;
  }

  private match(
    path: string,
  ): { byMethod: Map<string, Handler>; params: RouteParams; route: string } | undefined {
    const parts = path.split('/');
    for (const { path: route, segments, byMethod } of this.patterns) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; ok && i < segments.length; i++) {
        const want = segments[i] as string;
        const got = parts[i] as string;
        if (want.startsWith(':')) {
          const value = decodeSegment(got);
          if (value === undefined) ok = false;
          else params[want.slice(1)] = value;
        } else ok = want === got;
      }
      if (ok) return { byMethod, params, route };
    }
    return undefined;
  }
}

function decodeSegment(segment: string): string | undefined {
  if (segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
