import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { CLI_ACTOR } from '../../src/services/actor.js';
import type { Gatehouse } from '../../src/services/gatehouse.js';
import type { RunningServer } from '../../src/serve.js';
import { createTenant, requestToken, type Tenant } from '../runtime/helpers.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix of this test's own, so tests sharing the machine's Redis never meet. */
export function uniquePrefix(): string {
  return `gatehouse-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A client with its resource server, limited as given, seen by every listed server's token path. */
export async function limitedTenant(
  gatehouse: Gatehouse,
  limit: Parameters<Gatehouse['limits']['setClient']>[1],
  servers: readonly RunningServer[],
): Promise<Tenant> {
  const tenant = await createTenant(gatehouse);
  await gatehouse.limits.setClient(tenant.clientId, limit, CLI_ACTOR);
  for (const server of servers) await server.runtime.poll();
  return tenant;
}

/** The status of one token request for `tenant` at `server`. */
export async function tokenStatus(server: RunningServer, tenant: Tenant): Promise<number> {
  return (await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` })).status;
}
