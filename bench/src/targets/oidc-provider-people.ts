// oidc-provider configured as a user pool's token endpoint for a confidential app client:
// authorization code with PKCE S256 and client_secret_basic, refresh tokens with rotation,
// an ES256 ID token with email and profile claims, and an ES256 JWT access token (RFC 9068)
// for the resource server. POST /bench/mint prepares codes outside the timed loop, the way a
// finished sign-in would: a grant for the person, then a code bound to it.
import './quiet-notices.js';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors } from 'oidc-provider';
import { announceReady } from '../lib/child.js';
import { RESOURCES, SCOPE } from '../lib/clients.js';
import { PEOPLE_ID_TOKEN_ALG, PEOPLE_REDIRECT_URI } from '../lib/people.js';
import { clientsFromEnv, onStop } from '../lib/target-env.js';
import { MapAdapter } from './map-adapter.js';

const HOUR = 3600;
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'oidc-people-es256' };
const RESOURCE = RESOURCES.ES256;

const provider = new Provider('http://127.0.0.1', {
  adapter: MapAdapter,
  clients: clientsFromEnv().map((c) => ({
    client_id: c.clientId,
    client_secret: c.secret,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [PEOPLE_REDIRECT_URI],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: PEOPLE_ID_TOKEN_ALG,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: ['bench-cookie-key-not-used-by-the-token-endpoint'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, email: `${sub}@bench.example`, email_verified: true, name: `Person ${sub}` }),
  }),
  // A user pool's ID token carries the profile claims (Cognito's does), so this one does too.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  issueRefreshToken: () => true,
  rotateRefreshToken: true,
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== RESOURCE) throw new errors.InvalidTarget();
        return {
          scope: SCOPE,
          audience: resource,
          accessTokenTTL: HOUR,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  // Codes wait here for a whole round; how long they may wait costs nothing per request.
  ttl: {
    AuthorizationCode: 10 * 60,
    IdToken: HOUR,
    RefreshToken: 30 * 24 * HOUR,
    Grant: 30 * 24 * HOUR,
    Session: HOUR,
  },
});

let people = 0;

async function mint(clientIds: readonly string[], challenge: string): Promise<string[]> {
  const codes: string[] = [];
  for (const clientId of clientIds) {
    const client = await provider.Client.find(clientId);
    if (client === undefined) throw new Error(`unknown client ${clientId}`);
    const accountId = `person-${++people}`;
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope('openid email profile');
    grant.addResourceScope(RESOURCE, SCOPE);
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId,
      grantId,
      client,
      redirectUri: PEOPLE_REDIRECT_URI,
      scope: `openid email profile ${SCOPE}`,
      resource: RESOURCE,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      authTime: Math.floor(Date.now() / 1000),
      nonce: `n-${people}`,
      gty: 'authorization_code',
    });
    codes.push(await code.save());
  }
  return codes;
}

async function mintHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const { clientIds, challenge } = JSON.parse(raw) as { clientIds: string[]; challenge: string };
  const codes = await mint(clientIds, challenge);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ codes }));
}

const callback = provider.callback();
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/bench/mint') {
    mintHandler(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
    return;
  }
  callback(req, res);
});
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
