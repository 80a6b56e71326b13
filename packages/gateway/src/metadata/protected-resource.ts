import type http from 'node:http';
import { protectedResourceMetadata, protectedResourceMetadataUrl } from '@gatehouse/verify';
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import { ANSWERS, sendJson } from '../respond.js';
import type { CompiledRoute, Router } from '../routing/router.js';

/** RFC 9728 §3: the well-known suffix; the path of the resource follows it (§3.1). */
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/** Methods tried to find every route that could take a path; with those the config names. */
const COMMON_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const NOT_PROTECTED = {
  error: 'not_found',
  error_description: 'no protected route takes this path',
} as const;
const NOT_HTTPS = {
  error: 'not_found',
  error_description:
    'RFC 9728 resource identifiers use https: reach the gateway over TLS (behind a trusted proxy, set trustForwardedHeaders)',
} as const;

/**
 * RFC 9728 protected resource metadata for the APIs the gateway fronts, from its route table
 * and issuer alone. Each URL the gateway protects is a resource: the metadata of
 * `https://gw/orders/42` is at `https://gw/.well-known/oauth-protected-resource/orders/42`,
 * and names as `resource` exactly the URL that was called (§3.3), the scopes of the routes that
 * can take that path, and the issuers whose tokens they accept. The bare well-known path
 * describes the gateway as a whole: every protected route. 401 and 403 answers point at the
 * document of the URL refused (`resource_metadata`, §5.1).
 */
export class GatewayResourceMetadata<T> {
  private readonly methods: readonly string[];
  /** A route that names the well-known path keeps it: its upstream publishes its own document. */
  private readonly routed: boolean;

  constructor(
    private readonly config: GatewayConfig,
    private readonly router: Router<T>,
  ) {
    const named = config.routes.flatMap((r) => r.methods ?? []);
    this.methods = [...new Set([...COMMON_METHODS, ...named])];
    this.routed = config.routes.some((r) => r.path.toLowerCase().startsWith(RESOURCE_METADATA_PATH));
  }

  /** Whether the gateway answers `path` itself. */
  owns(path: string): boolean {
    if (this.routed) return false;
    return path === RESOURCE_METADATA_PATH || path.startsWith(`${RESOURCE_METADATA_PATH}/`);
  }

  answer(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, ANSWERS.methodNotAllowed, { allow: 'GET, HEAD' });
      return;
    }
    const origin = this.origin(req);
    if (origin === undefined) {
      sendJson(res, 400, ANSWERS.badRequest);
      return;
    }
    const resourcePath = path.slice(RESOURCE_METADATA_PATH.length);
    const routes = resourcePath === '' ? this.protectedRoutes() : this.routesFor(resourcePath);
    if (routes.length === 0) {
      sendJson(res, 404, NOT_PROTECTED);
      return;
    }
    let doc: ReturnType<typeof protectedResourceMetadata>;
    try {
      doc = protectedResourceMetadata({
        resource: origin + resourcePath,
        authorizationServers: this.issuersOf(routes),
        ...scopesOf(routes),
      });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      sendJson(res, 404, NOT_HTTPS);
      return;
    }
    sendJson(res, 200, doc, {
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
      vary: this.config.trustForwardedHeaders ? 'host, x-forwarded-host, x-forwarded-proto' : 'host',
    });
  }

  /**
   * The challenge of a refusal; for 401 and 403 with `resource_metadata` naming the document of
   * the URL refused, when there is one.
   */
  challenge(
    refusal: { status: number; wwwAuthenticate: string },
    req: http.IncomingMessage,
    path: string,
  ): string {
    const challenge = refusal.wwwAuthenticate;
    if (refusal.status !== 401 && refusal.status !== 403) return challenge;
    const origin = this.origin(req);
    if (origin === undefined) return challenge;
    let url: string;
    try {
      url = protectedResourceMetadataUrl(origin + (path === '/' ? '' : path));
    } catch {
      return challenge;
    }
    // A quoted-string (RFC 9110 §5.6.4): quotes and backslashes in the path stay escaped.
    const value = url.replace(/["\\]/g, (c) => encodeURIComponent(c));
    const param = `resource_metadata="${value}"`;
    return challenge === 'Bearer' ? `Bearer ${param}` : `${challenge}, ${param}`;
  }

  /**
   * How callers reach the gateway: the Host header, or behind a trusted proxy its
   * X-Forwarded-Host and -Proto. Plain http otherwise, which only loopback may use (§1.2).
   */
  private origin(req: http.IncomingMessage): string | undefined {
    const trusted = this.config.trustForwardedHeaders;
    const forwardedHost = trusted ? first(req.headers['x-forwarded-host']) : undefined;
    const forwardedProto = trusted ? first(req.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
    const host = forwardedHost ?? req.headers.host;
    if (host === undefined || !HOST.test(host)) return undefined;
    const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
    return `${proto}://${host}`;
  }

  /** Routes that check tokens and are the first to take `path` for some method. */
  private routesFor(path: string): CompiledRoute<T>[] {
    const found = new Set<CompiledRoute<T>>();
    for (const method of this.methods) {
      const match = this.router.match(method, path);
      if (match.kind === 'route' && match.route.config.auth === 'bearer') found.add(match.route);
    }
    return [...found].sort((a, b) => a.index - b.index);
  }

  private protectedRoutes(): CompiledRoute<T>[] {
    return this.router.routes.filter((r) => r.config.auth === 'bearer');
  }

  private issuersOf(routes: readonly CompiledRoute<T>[]): string[] {
    const issuers = new Set<string>();
    for (const { config } of routes) {
      if (takesMachines(config)) issuers.add(this.config.issuer);
      if (config.tokens !== 'machine')
        for (const pool of this.config.userPools ?? []) issuers.add(pool.issuer);
    }
    return [...issuers];
  }
}

function takesMachines(route: RouteConfig): boolean {
  return route.tokens === 'machine' || route.tokens === 'any';
}

/** RFC 9728 §2: scopes_supported is left out rather than empty. */
function scopesOf(routes: readonly CompiledRoute<unknown>[]): { scopesSupported?: string[] } {
  const scopes = [...new Set(routes.flatMap((r) => r.config.scopes))].sort();
  return scopes.length === 0 ? {} : { scopesSupported: scopes };
}

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const head = raw?.split(',')[0]?.trim();
  return head === '' ? undefined : head;
}
