// oidc-provider (the certified Node OpenID provider Logto builds on), configured to do what
// Gatehouse does for a service: client credentials with client_secret_basic, RFC 8707
// resource indicators, JWT access tokens signed ES256 or RS256 per resource server.
import './quiet-notices.js';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors } from 'oidc-provider';
import { announceReady } from '../lib/child.js';
import { type Alg, RESOURCES, SCOPE } from '../lib/clients.js';
import { clientsFromEnv, onStop } from '../lib/target-env.js';

const TTL = 3600;

function signingJwk(alg: Alg) {
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), alg, use: 'sig', kid: `oidc-${alg.toLowerCase()}` };
}

const algByResource = new Map<string, Alg>(
  (Object.entries(RESOURCES) as [Alg, string][]).map(([alg, resource]) => [resource, alg]),
);

const provider = new Provider('http://127.0.0.1', {
  clients: clientsFromEnv().map((c) => ({
    client_id: c.clientId,
    client_secret: c.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingJwk('ES256'), signingJwk('RS256')] },
  cookies: { keys: ['bench-cookie-key-not-used-by-client-credentials'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCES.ES256,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resourceIndicator) => {
        const alg = algByResource.get(resourceIndicator);
        if (!alg) throw new errors.InvalidTarget();
        return {
          scope: SCOPE,
          audience: resourceIndicator,
          accessTokenTTL: TTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        };
      },
    },
  },
  ttl: { ClientCredentials: TTL },
});

const server = createServer(provider.callback());
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announceReady(`http://127.0.0.1:${port}`);
});
onStop(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
);
