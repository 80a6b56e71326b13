import { sendRawJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { OAuthServer } from './context.js';
import { introspectionEndpoint } from './introspection-endpoint.js';
import { PATHS, serverMetadata } from './metadata.js';
import { mountResourceMetadata } from './protected-resource.js';
import { revocationEndpoint } from './revocation-endpoint.js';
import { revocationListEndpoint } from './revocation-list-endpoint.js';
import { tokenEndpoint } from './token-endpoint.js';

const PUBLIC_CACHE = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' } as const;

export function mountOAuth(router: Router, server: OAuthServer): void {
  const metadata = JSON.stringify(serverMetadata(server.issuer));
  const sendMetadata = (_req: unknown, res: Parameters<typeof sendRawJson>[0]) =>
    sendRawJson(res, 200, metadata, PUBLIC_CACHE);
  router
    .on('GET', PATHS.metadata, sendMetadata)
    // Short max-age: after a rotation without pre-publishing, verifiers must see the new key soon.
    .on('GET', PATHS.jwks, (_req, res) => sendRawJson(res, 200, server.runtime.keys.jwksJson, PUBLIC_CACHE))
    .on('GET', PATHS.revocationList, (req, res) => revocationListEndpoint(server, req, res))
    .on('POST', PATHS.token, (req, res) => tokenEndpoint(server, req, res))
    .on('POST', PATHS.introspection, (req, res) => introspectionEndpoint(server, req, res))
    .on('POST', PATHS.revocation, (req, res) => revocationEndpoint(server, req, res));
  mountResourceMetadata(router, server);
}
