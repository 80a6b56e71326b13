import { type BenchClient, RESOURCES } from './clients.js';
import type { LoadRequest } from './load.js';
import type { AdminApi } from './soak-admin.js';
import { accessToken } from './soak-admin.js';
import { basicAuth, tokenRequests } from './tokens.js';

/** Every this-many token requests, one comes from a client the server has not seen for a while. */
export const NEW_CLIENT_EVERY = 20;

/**
 * One window's token requests, sent once each in order: mostly the warm clients in rotation,
 * and every NEW_CLIENT_EVERY-th from the next client of the cold pool, spread evenly over the
 * window so its cache misses (a store read, an eviction) land in the measured time.
 */
export function tokenMix(
  warm: readonly BenchClient[],
  cold: (n: number) => BenchClient,
  firstCold: number,
  count: number,
): { requests: LoadRequest[]; coldUsed: number } {
  const clients: BenchClient[] = [];
  let coldUsed = 0;
  for (let j = 0; j < count; j++) {
    if (j % NEW_CLIENT_EVERY === NEW_CLIENT_EVERY - 1) clients.push(cold(firstCold + coldUsed++));
    else clients.push(warm[j % warm.length] as BenchClient);
  }
  return { requests: tokenRequests(clients, '/oauth2/token', RESOURCES.ES256), coldUsed };
}

const form = (client: BenchClient, token: string): LoadRequest => ({
  method: 'POST',
  path: '',
  headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ token }).toString(),
});

/**
 * Everything but tokens, in one rotation: introspection of the callers' own tokens, JWKS and
 * discovery reads, the admin API's client list, revocations and the revocation list. Each
 * revocation names a token issued for this window, so the first pass revokes for real (a store
 * write, a change for every instance, an entry in the list) and later passes take the
 * already-revoked path.
 */
export async function readMix(baseUrl: string, clients: readonly BenchClient[], api: AdminApi) {
  const half = Math.ceil(clients.length / 2);
  const introspecting = clients.slice(0, half);
  const revoking = clients.slice(half);
  const requests: LoadRequest[] = [];
  const bearer = await api.bearer();
  for (const client of introspecting) {
    requests.push({ ...form(client, await accessToken(baseUrl, client)), path: '/oauth2/introspect' });
  }
  for (const client of revoking) {
    requests.push({ ...form(client, await accessToken(baseUrl, client)), path: '/oauth2/revoke' });
  }
  for (let k = 0; k < half; k++) {
    requests.push(
      { path: '/.well-known/jwks.json' },
      { path: '/.well-known/oauth-authorization-server' },
      { path: '/api/v1/clients', headers: { authorization: `Bearer ${bearer}` } },
      { path: '/oauth2/revocations' },
    );
  }
  // Interleaved, so each kind is spread over the rotation rather than sent in a block.
  const mixed: LoadRequest[] = [];
  const stride = 6;
  for (let start = 0; start < stride; start++) {
    for (let k = start; k < requests.length; k += stride) mixed.push(requests[k] as LoadRequest);
  }
  return mixed;
}
