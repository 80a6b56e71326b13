import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowed, NotFound } from './errors.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Exact-path routing: the endpoints are few and fixed, so one map lookup finds each. */
export class Router {
  private readonly routes = new Map<string, Map<string, Handler>>();
  private readonly prefixes: [string, Handler, ((path: string) => boolean) | undefined][] = [];

  on(method: string, path: string, handler: Handler): this {
    const byMethod = this.routes.get(path) ?? new Map<string, Handler>();
    this.routes.set(path, byMethod);
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

  find(method: string, url: string): Handler {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const byMethod = this.routes.get(path);
    if (!byMethod) {
      for (const [prefix, handler, accepts] of this.prefixes) {
        if (path.startsWith(prefix) && (accepts === undefined || accepts(path))) return handler;
      }
      throw new NotFound();
    }
    const handler = byMethod.get(method);
    if (!handler) throw new MethodNotAllowed([...byMethod.keys()]);
    return handler;
  }
}
