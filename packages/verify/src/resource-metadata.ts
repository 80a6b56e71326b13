import type { IncomingMessage, ServerResponse } from 'node:http';
import { urlProblem } from './settings.js';

/** Input of `protectedResourceMetadata`, in camelCase; the document is snake_case (RFC 9728 §2). */
export interface ProtectedResourceMetadataOptions {
  /** This API's resource identifier: an https URL (the URL clients call), no fragment. */
  resource: string;
  /** Issuer URLs of the authorization servers that mint tokens for it (your Gatehouse). */
  authorizationServers: readonly string[];
  /** Scopes this API understands; an empty list leaves `scopes_supported` out (RFC 9728 §3.2). */
  scopesSupported?: readonly string[];
  /** How tokens may be sent. Default `['header']`: the only method the middleware accepts. */
  bearerMethodsSupported?: readonly ('header' | 'body' | 'query')[];
  resourceName?: string;
  resourceDocumentation?: string;
  resourcePolicyUri?: string;
  resourceTosUri?: string;
  /** Further members, added as given (e.g. `{ resource_signing_alg_values_supported: [...] }`). */
  extra?: Record<string, unknown>;
}

/** An RFC 9728 protected resource metadata document. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
  resource_documentation?: string;
  resource_policy_uri?: string;
  resource_tos_uri?: string;
  [member: string]: unknown;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

function url(name: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new TypeError(`protectedResourceMetadata: ${name} must be a URL string`);
  const problem = urlProblem(value);
  if (problem !== undefined)
    throw new TypeError(`protectedResourceMetadata: ${name} ${problem}, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Builds this API's RFC 9728 metadata document, validated (TypeError on a bad URL).
 *
 * @example
 * ```ts
 * const metadata = protectedResourceMetadata({
 *   resource: 'https://orders.example.com',
 *   authorizationServers: ['https://auth.example.com'],
 *   scopesSupported: ['place-order', 'list-orders'],
 * });
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): ProtectedResourceMetadata {
  const resource = url('resource', options?.resource);
  if (!Array.isArray(options.authorizationServers) || options.authorizationServers.length === 0) {
    throw new TypeError('protectedResourceMetadata: authorizationServers must list at least one issuer URL');
  }
  const doc: ProtectedResourceMetadata = {
    resource,
    authorization_servers: options.authorizationServers.map((s, i) => url(`authorizationServers[${i}]`, s)),
    bearer_methods_supported: [...(options.bearerMethodsSupported ?? ['header'])],
  };
  // RFC 9728 §3.2: claims with zero elements are omitted, never sent as [].
  if (options.scopesSupported !== undefined && options.scopesSupported.length > 0) {
    doc.scopes_supported = [...options.scopesSupported];
  }
  if (options.resourceName !== undefined) doc.resource_name = options.resourceName;
  if (options.resourceDocumentation !== undefined) {
    doc.resource_documentation = url('resourceDocumentation', options.resourceDocumentation);
  }
  if (options.resourcePolicyUri !== undefined)
    doc.resource_policy_uri = url('resourcePolicyUri', options.resourcePolicyUri);
  if (options.resourceTosUri !== undefined)
    doc.resource_tos_uri = url('resourceTosUri', options.resourceTosUri);
  return { ...options.extra, ...doc };
}

/**
 * Where the metadata of `resource` lives (RFC 9728 §3.1: the well-known segment goes between
 * host and path). Use it for `resourceMetadata` in the middleware options.
 *
 * @example
 * ```ts
 * protectedResourceMetadataUrl('https://api.example.com/orders');
 * // 'https://api.example.com/.well-known/oauth-protected-resource/orders'
 * ```
 */
export function protectedResourceMetadataUrl(resource: string): string {
  const u = new URL(url('resource', resource));
  return `${u.origin}${protectedResourceMetadataPath(resource)}`;
}

/**
 * The path part of `protectedResourceMetadataUrl()`: what to route on this API's server.
 *
 * @example
 * ```ts
 * // Fastify
 * app.get(protectedResourceMetadataPath(metadata.resource), async () => metadata);
 * ```
 */
export function protectedResourceMetadataPath(resource: string): string {
  const u = new URL(url('resource', resource));
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return `${WELL_KNOWN}${path}${u.search}`;
}

/**
 * A `(req, res, next?)` handler that answers `GET`/`HEAD` of the metadata path with the
 * document (JSON, publicly cacheable for an hour, CORS-open) and hands anything else to
 * `next` (Express/Connect) or returns false (plain node:http).
 *
 * @example
 * ```ts
 * app.use(serveProtectedResourceMetadata(metadata)); // Express
 * createServer((req, res) => {                        // node:http
 *   if (serve(req, res)) return;
 *   // ... your routes
 * });
 * ```
 */
export function serveProtectedResourceMetadata(
  metadata: ProtectedResourceMetadata,
): (req: IncomingMessage, res: ServerResponse, next?: () => void) => boolean {
  const path = protectedResourceMetadataPath(metadata.resource);
  const body = JSON.stringify(metadata);
  return (req, res, next) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const question = target.indexOf('?');
    const requested = question === -1 ? target : target.slice(0, question);
    if ((method === 'GET' || method === 'HEAD') && requested === path.split('?')[0]) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.end(method === 'HEAD' ? undefined : body);
      return true;
    }
    next?.();
    return false;
  };
}
