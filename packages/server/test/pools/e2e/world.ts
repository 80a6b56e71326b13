import type { CreateUserPoolInput } from '@gatehouse/schemas';
import * as oidc from 'openid-client';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import type { Gate } from '../../oauth/harness.js';
import { strongPassword } from '../harness.js';
import { type Receiver, startReceiver } from './receiver.js';

/** The scopes both app clients may ask for; the API scope reaches the resource server below. */
export const API = 'lj-health-food';
export const APP_SCOPES = ['openid', 'email', 'profile', `${API}/list-orders`];

export interface Person {
  sub: string;
  username: string;
  email: string;
  password: string;
}

/** A pool with a confidential and a public app client, a confirmed person, and the app's redirect receiver. */
export interface HostedWorld {
  poolId: string;
  poolIssuer: string;
  receiver: Receiver;
  confidential: { clientId: string; secret: string };
  publicClientId: string;
  alice: Person;
  /** openid-client's view of the pool for each client, through discovery. */
  confidentialConfig: oidc.Configuration;
  publicConfig: oidc.Configuration;
}

/**
 * Creates, through the services, what a team sets up before its first sign-in: the API as a
 * resource server, a pool, its two app clients registered for the receiver's URLs, and Alice,
 * confirmed with a permanent password. Every secret handed out is added to the gate's list, so
 * the suite's last test proves none of them reached a log line.
 */
export async function createHostedWorld(
  gate: Gate,
  settings: Partial<CreateUserPoolInput> = {},
): Promise<HostedWorld> {
  const { gatehouse } = gate.server;
  const receiver = await startReceiver();
  await gatehouse.resourceServers.create(
    {
      identifier: API,
      name: 'LJ Health Food',
      scopes: [{ name: 'list-orders', description: 'Read orders' }],
    },
    CLI_ACTOR,
  );
  const pool = await gatehouse.userPools.create(
    { name: 'LJ Health Food customers', branding: { displayName: 'LJ Health Food' }, ...settings },
    CLI_ACTOR,
  );
  const uris = { redirectUris: [receiver.callback], logoutUris: [receiver.signedOut], scopes: APP_SCOPES };
  const web = await gatehouse.appClients.create(
    pool.id,
    { name: 'web backend', public: false, authMethod: 'client_secret_basic', ...uris },
    CLI_ACTOR,
  );
  const spa = await gatehouse.appClients.create(
    pool.id,
    { name: 'single-page app', public: true, ...uris },
    CLI_ACTOR,
  );
  if (web.clientSecret === undefined) throw new Error('a confidential client is created with a secret');
  const password = strongPassword();
  const user = await gatehouse.poolUsers.create(
    pool.id,
    {
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      password,
      attributes: { name: 'Alice Liddell' },
    },
    CLI_ACTOR,
  );
  gate.secrets.push(web.clientSecret, password);
  await gate.server.runtime.poll();
  const poolIssuer = pool.issuer;
  return {
    poolId: pool.id,
    poolIssuer,
    receiver,
    confidential: { clientId: web.clientId, secret: web.clientSecret },
    publicClientId: spa.clientId,
    alice: { sub: user.sub, username: 'alice', email: 'alice@example.com', password },
    confidentialConfig: await discover(poolIssuer, web.clientId, oidc.ClientSecretBasic(web.clientSecret)),
    publicConfig: await discover(poolIssuer, spa.clientId, oidc.None()),
  };
}

/** openid-client over plain http to loopback, as a real app would configure it (minus TLS). */
export function discover(
  issuer: string,
  clientId: string,
  auth: oidc.ClientAuth,
): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, undefined, auth, {
    execute: [oidc.allowInsecureRequests],
  });
}

/** What an app keeps between sending the browser away and its return: state, nonce and the PKCE verifier. */
export interface PendingLogin {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function startLogin(
  config: oidc.Configuration,
  redirectUri: string,
  scope = APP_SCOPES.join(' '),
  extra: Record<string, string> = {},
): Promise<PendingLogin> {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, state, nonce, codeVerifier };
}

/** Redeems the code the browser brought back, with every check openid-client makes (state, iss, nonce, PKCE). */
export function finishLogin(
  config: oidc.Configuration,
  landed: string,
  login: PendingLogin,
): ReturnType<typeof oidc.authorizationCodeGrant> {
  return oidc.authorizationCodeGrant(config, new URL(landed), {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: login.state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  });
}
