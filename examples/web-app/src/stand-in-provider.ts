import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors } from 'oidc-provider';
import { escapeHtml } from './pages.js';

/** The resource indicator the stand-in maps to the LJ Health Food API (RFC 8707 wants an absolute URI). */
export const API_RESOURCE = 'urn:lj-health-food';
export const API_AUDIENCE = 'lj-health-food';

export interface StandInOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  accessTokenSeconds?: number;
}

export interface StandInProvider {
  issuer: string;
  jwksUri: string;
  provider: Provider;
  close(): Promise<void>;
}

/**
 * oidc-provider as a stand-in OpenID Provider on loopback, configured like a user pool with a
 * confidential app client: code + PKCE S256, HTTP Basic, refresh tokens with rotation, userinfo,
 * revocation, RP-initiated logout, JWT access tokens for the LJ Health Food API, and its
 * development login page (any username and password sign in).
 */
export async function startStandInProvider(options: StandInOptions): Promise<StandInProvider> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'stand-in-es256' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub', 'cognito:username'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        'cognito:username': id,
        name: `${id[0]?.toUpperCase() ?? ''}${id.slice(1)}`,
        email: `${id}@example.com`,
        email_verified: true,
      }),
    }),
    // Like a Cognito ID token: the profile claims travel in the ID token too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Its default error page pulls a web font from a third party; this one is plain.
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>Sign-in error</h1><p id="error">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: 'list-orders place-order',
            audience: API_AUDIENCE,
            accessTokenTTL: options.accessTokenSeconds ?? 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
