import { createHmac } from 'node:crypto';
import type { AppClient } from '@gatehouse/schemas';
import { safeEqual } from '../crypto/safe-equal.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import { noSuchClient, noSuchPool, notAuthorized } from './errors.js';
import type { CognitoContext } from './operation.js';

/** An app client with its pool, as the public operations name it: by ClientId alone. */
export interface ClientAtPool {
  client: AppClient;
  pool: PoolRecord;
}

/** The app client and its pool, from the cache the change log keeps current. */
export async function appClientOf(ctx: CognitoContext, clientId: string): Promise<ClientAtPool> {
  const entry = await ctx.pools.cache.client(clientId);
  if (!entry) throw noSuchClient(clientId);
  const pool = await ctx.pools.cache.pool(entry.client.poolId);
  if (!pool) throw noSuchPool(entry.client.poolId);
  return { client: entry.client, pool };
}

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * For an app client with a secret, the request must carry SECRET_HASH for one of `usernames`
 * (the name the person typed; for a refresh, their username or sub). Compared in constant time.
 * Clients without a secret ignore it, as Cognito does.
 */
export async function requireSecretHash(
  ctx: CognitoContext,
  client: AppClient,
  presented: string | undefined,
  usernames: readonly string[],
): Promise<void> {
  if (client.public) return;
  const secret = await ctx.gatehouse.appClients.secretOf(client.clientId);
  if (presented === undefined) {
    throw notAuthorized(
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  }
  // Every candidate is compared, so the time does not say which matched. A confidential client
  // whose secret cannot be read is refused, never let through.
  const matches = usernames.map(
    (username) => secret !== undefined && safeEqual(secretHash(secret, username, client.clientId), presented),
  );
  const ok = matches.includes(true);
  if (!ok) throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
}
