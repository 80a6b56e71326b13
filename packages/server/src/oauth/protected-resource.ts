import type { ServerResponse } from 'node:http';
import { NotFound } from '../http/errors.js';
import { sendRawJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { ResourceEntry } from '../services/cache-entries.js';
import type { OAuthServer } from './context.js';
import { omitEmptyClaims } from './omit-empty.js';

/**
 * Where Gatehouse hosts the RFC 9728 metadata of each resource server: under the issuer, by the
 * resource server's id. The id never changes (an identifier may be renamed) and is URL-safe, so
 * the address is stable and needs no escaping of identifiers that are themselves URLs. It is not
 * the RFC 9728 §3.1 well-known address of the API (that one is on the API's own host, see the
 * gateway and @gatehouse/verify); APIs point callers here with `resource_metadata` (§5.1).
 */
export const RESOURCE_METADATA_ROUTE = '/resource-servers/:id/oauth-protected-resource';

export function resourceMetadataUrl(issuer: string, resourceServerId: string): string {
  return `${issuer}/resource-servers/${encodeURIComponent(resourceServerId)}/oauth-protected-resource`;
}

/** A resource server's admin view with the address of its document. */
export function withMetadataUrl<T extends { id: string }>(
  issuer: string,
  view: T,
): T & { metadataUrl: string } {
  return { ...view, metadataUrl: resourceMetadataUrl(issuer, view.id) };
}

const PUBLIC_CACHE = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' } as const;

/**
 * The RFC 9728 §2 document of one resource server. `resource` is its identifier, the value a
 * client sends as `resource` and finds in `aud`, even when that is a short name rather than a URL.
 * Scopes are listed by their short names, as they are requested with `resource` and written in
 * tokens. Only RFC 9728 members: the API's own keys and signing algorithms are not Gatehouse's to say.
 */
export function resourceMetadata(issuer: string, entry: ResourceEntry): Record<string, unknown> {
  return omitEmptyClaims({
    resource: entry.identifier,
    authorization_servers: [issuer],
    scopes_supported: [...entry.scopes].sort(),
    bearer_methods_supported: ['header'],
    resource_name: entry.name,
  });
}

/**
 * Serves the documents from the resource cache that the token path keeps current: no store
 * round trip per request. Entries are replaced when a resource server changes, so a document
 * serialised once per entry is never stale.
 */
export function mountResourceMetadata(router: Router, server: OAuthServer): void {
  const serialised = new WeakMap<ResourceEntry, string>();
  router.on('GET', RESOURCE_METADATA_ROUTE, (_req, res: ServerResponse, params) => {
    const entry = server.runtime.resourceById(params.id ?? '');
    if (!entry) throw new NotFound('no such resource server');
    let json = serialised.get(entry);
    if (json === undefined) {
      json = JSON.stringify(resourceMetadata(server.issuer, entry));
      serialised.set(entry, json);
    }
    sendRawJson(res, 200, json, PUBLIC_CACHE);
  });
}
