import type { KeyObject } from 'node:crypto';
import { type AssertionAlg, type DecodedJwt, selectKeys, verifyJwsSignatureAsync } from '@gatehouse/jws';
import { WorkSaturated } from '../../bounded-work.js';
import type { ClientEntry } from '../../services/cache-entries.js';
import { JwksBusy, JwksUnavailable } from '../../services/client-jwks.js';
import type { OAuthContext } from '../context.js';
import { TooManyRequests } from '../errors.js';

/**
 * Checks the signatures on libuv's pool, under the server's own limit for this work: a client
 * chooses its keys, so its assertions must not hold up the event loop, nor fill the pool that
 * signs everyone's tokens. When the limit and its queue are full the request is refused at once.
 */
async function verifyAny(
  ctx: OAuthContext,
  alg: AssertionAlg,
  keys: readonly KeyObject[],
  jwt: DecodedJwt,
): Promise<boolean> {
  if (keys.length === 0) return false;
  try {
    return await ctx.server.assertionChecks.run(async () => {
      for (const key of keys) {
        if (await verifyJwsSignatureAsync(alg, key, jwt.signingInput, jwt.signature)) return true;
      }
      return false;
    });
  } catch (error) {
    if (error instanceof WorkSaturated) {
      throw new TooManyRequests('too many client assertions are being checked; try again shortly');
    }
    throw error;
  }
}

/**
 * Whether a registered key of `client` signed `jwt`. Only the key its `kid` names is tried, or
 * without a kid a few that fit `alg`. Keys from a jwks_uri are fetched again only when the
 * assertion names a kid they lack, or without a kid matches none of them: that is key rotation.
 */
export async function verifyClientAssertion(
  ctx: OAuthContext,
  client: ClientEntry,
  kid: string | undefined,
  alg: AssertionAlg,
  jwt: DecodedJwt,
): Promise<boolean> {
  if (client.keys) return verifyAny(ctx, alg, selectKeys(client.keys, kid, alg), jwt);
  if (!client.jwksUri) return false;
  try {
    const cached = await ctx.server.clientJwks.keys(client.jwksUri);
    const candidates = selectKeys(cached, kid, alg);
    if (kid !== undefined && candidates.length > 0) return await verifyAny(ctx, alg, candidates, jwt);
    if (await verifyAny(ctx, alg, candidates, jwt)) return true;
    const fresh = await ctx.server.clientJwks.keys(client.jwksUri, { refresh: true });
    if (fresh === cached) return false;
    return await verifyAny(ctx, alg, selectKeys(fresh, kid, alg), jwt);
  } catch (error) {
    // The fetcher has logged why, once per cool-down; the client just sees a failed authentication.
    if (error instanceof JwksUnavailable) return false;
    if (error instanceof JwksBusy) {
      throw new TooManyRequests('too many client key sets are being fetched; try again shortly');
    }
    throw error;
  }
}
