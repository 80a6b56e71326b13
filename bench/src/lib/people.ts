import { createHash, randomBytes } from 'node:crypto';
import type { BenchClient } from './clients.js';
import type { LoadRequest } from './load.js';
import type { Target } from './targets.js';
import { basicAuth } from './tokens.js';

/** The app client's registered callback; nothing listens there, the code is redeemed directly. */
export const PEOPLE_REDIRECT_URI = 'http://127.0.0.1/callback';
/** The person's scopes: OpenID Connect claims plus one scope of the ES256 resource server. */
export const PEOPLE_SCOPE = 'openid email profile read';

/**
 * Both sides sign ID tokens (and access tokens) with this, configured explicitly on each: an
 * RS256 signature costs about 17 times an ES256 one, so a mismatch would measure the algorithm.
 */
export const PEOPLE_ID_TOKEN_ALG = 'ES256';
export const PEOPLE_ACCESS_TOKEN_ALG = 'ES256';

/** One PKCE pair per batch: the code_verifier is sent at redemption, as openid-client does. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * A token endpoint that serves people (authorization code + refresh), in its own process, and
 * can prepare single-use codes outside the timed loop. A Gatehouse target implements the same:
 * it mints codes for a pool's app client (with its service layer) and answers on its pool's
 * `/oauth2/token`.
 */
export interface PeopleTarget extends Target {
  /**
   * Issues one authorization code per entry of `clients`, in that order, as people signing in
   * one after another would leave them: the order the codes are then redeemed in.
   */
  mintCodes(clients: readonly BenchClient[], pkce: Pkce): Promise<string[]>;
  /**
   * The credentials the target knows the bench client by, when it chose its own (Gatehouse
   * issues app client ids and secrets itself); the bench client's own otherwise.
   */
  credentials?(client: BenchClient): BenchClient;
}

const FORM = 'application/x-www-form-urlencoded';

/** Code redemption as a confidential app client sends it: HTTP Basic, redirect_uri, code_verifier. */
export function codeRequest(path: string, client: BenchClient, code: string, pkce: Pkce): LoadRequest {
  return {
    method: 'POST',
    path,
    headers: { authorization: basicAuth(client), 'content-type': FORM },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: PEOPLE_REDIRECT_URI,
      code_verifier: pkce.verifier,
    }).toString(),
  };
}

export function refreshRequest(path: string, client: BenchClient, refreshToken: string): LoadRequest {
  return {
    method: 'POST',
    path,
    headers: { authorization: basicAuth(client), 'content-type': FORM },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  };
}

/** The JWS header's alg, or undefined when the value is no JWT. */
function jwtAlg(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.split('.').length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as {
      alg?: unknown;
    };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a token response must hold for the work to count: two JWTs signed with the agreed
 * algorithms, the scope asked for, and a refresh token.
 */
export function checkPeopleTokens(body: Record<string, unknown>, label: string): string {
  const expected = { access_token: PEOPLE_ACCESS_TOKEN_ALG, id_token: PEOPLE_ID_TOKEN_ALG };
  for (const [name, alg] of Object.entries(expected)) {
    const actual = jwtAlg(body[name]);
    if (actual === undefined) throw new Error(`${label}: no signed ${name}`);
    if (actual !== alg) throw new Error(`${label}: ${name} is signed ${actual}, not ${alg}`);
  }
  if (typeof body.refresh_token !== 'string' || body.refresh_token === '') {
    throw new Error(`${label}: no refresh_token`);
  }
  return body.refresh_token;
}

/** Codes for `count` sign-ins spread over `clients`, as ready-to-send redemption requests. */
export async function codeRequests(
  target: PeopleTarget,
  clients: readonly BenchClient[],
  count: number,
): Promise<{ requests: LoadRequest[]; clientOf: BenchClient[] }> {
  const pkce = pkcePair();
  // Interleaved, so consecutive requests come from different clients; the codes are issued in
  // the same order, as a sign-in's code is issued moments before it is redeemed.
  const clientOf = Array.from({ length: count }, (_, i) => clients[i % clients.length] as BenchClient);
  const codes = await target.mintCodes(clientOf, pkce);
  if (codes.length !== count) throw new Error(`${target.name}: ${codes.length} codes minted of ${count}`);
  const requests = clientOf.map((client, i) =>
    codeRequest(target.tokenPath, target.credentials?.(client) ?? client, codes[i] as string, pkce),
  );
  return { requests, clientOf };
}

/**
 * Fresh refresh tokens, each from its own sign-in: codes are minted and redeemed outside the
 * timed loop, so the timed part is only the refresh grant.
 */
export async function refreshRequests(
  target: PeopleTarget,
  clients: readonly BenchClient[],
  count: number,
): Promise<LoadRequest[]> {
  const { requests, clientOf } = await codeRequests(target, clients, count);
  const out: LoadRequest[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const r = requests[i] as LoadRequest;
      const response = await fetch(target.url + r.path, { method: 'POST', headers: r.headers, body: r.body });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200)
        throw new Error(`${target.name}: code redemption answered ${response.status}`);
      const token = checkPeopleTokens(body, target.name);
      const client = clientOf[i] as BenchClient;
      out[i] = refreshRequest(target.tokenPath, target.credentials?.(client) ?? client, token);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}
