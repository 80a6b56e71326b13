import type { AppClient } from '@gatehouse/schemas';
import { hashSecret, secretMatches } from '../../crypto/secrets.js';
import type { ChangeListener } from '../change-poller.js';
import { StoreUnavailableError } from '../errors.js';
import type { PoolRecord } from './pool-access.js';

/** An app client as the token path needs it: the view, and only the SHA-256 of its secret. */
export interface PoolClientEntry {
  client: AppClient;
  /** Null for public clients. The plaintext stays sealed in the store. */
  secretHash: Buffer | null;
}

/** Where misses are read: UserPoolService.lookup and AppClientService's people-side lookups fit. */
export interface PoolCacheSource {
  lookupPool(poolId: string): Promise<PoolRecord | undefined>;
  lookupClient(clientId: string): Promise<AppClient | undefined>;
  secretOf(clientId: string): Promise<string | undefined>;
}

/** Ids are short printable strings; anything else is unknown without asking the store. */
const PLAUSIBLE_ID = /^[\x21-\x7e]{1,128}$/;
const LIMIT = 10_000;
/** Compared against when there is no secret to compare, so every refusal costs the same. */
const STAND_IN = Buffer.alloc(32);

/**
 * Pools and app clients for the people's token path, so a warm request touches no store for
 * them. Kept current by the change poller (kinds `user_pool` and `pool_app_client`), like
 * machine clients: any instance's change is seen here within one poll. Unknown ids are cached
 * as misses too, so made-up ids do not reach the store twice.
 */
export class PoolCache implements ChangeListener {
  private readonly pools = new Map<string, Promise<PoolRecord | undefined>>();
  private readonly clients = new Map<string, Promise<PoolClientEntry | undefined>>();

  constructor(private readonly source: PoolCacheSource) {}

  pool(poolId: string): Promise<PoolRecord | undefined> {
    if (!PLAUSIBLE_ID.test(poolId)) return Promise.resolve(undefined);
    return this.cached(this.pools, poolId, () => this.source.lookupPool(poolId));
  }

  client(clientId: string): Promise<PoolClientEntry | undefined> {
    if (!PLAUSIBLE_ID.test(clientId)) return Promise.resolve(undefined);
    return this.cached(this.clients, clientId, async () => {
      const client = await this.source.lookupClient(clientId);
      if (!client) return undefined;
      const secret = client.public ? undefined : await this.source.secretOf(clientId);
      return { client, secretHash: secret === undefined ? null : hashSecret(secret) };
    });
  }

  /**
   * The pool's app client, when the request proves it: a confidential client's secret, compared
   * in constant time; a public client with no secret at all. Unknown clients, another pool's,
   * a confidential client without its secret and a public one with a secret all answer undefined
   * after the same comparison.
   */
  async authenticate(
    poolId: string,
    clientId: string,
    presented: string | undefined,
  ): Promise<AppClient | undefined> {
    const entry = await this.client(clientId);
    const own = entry !== undefined && entry.client.poolId === poolId;
    const hash = own ? entry.secretHash : null;
    const match = secretMatches(presented ?? '', hash ?? STAND_IN);
    if (!own) return undefined;
    if (hash === null) return presented === undefined ? entry.client : undefined;
    return presented !== undefined && match ? entry.client : undefined;
  }

  changed(kind: string, entityId: string): void {
    if (kind === 'user_pool') this.invalidatePool(entityId);
    else if (kind === 'pool_app_client') this.invalidateClient(entityId);
  }

  invalidatePool(poolId: string): void {
    this.pools.delete(poolId);
    // A deleted pool takes its clients with it; they reload on their next request.
    this.clients.clear();
  }

  invalidateClient(clientId: string): void {
    this.clients.delete(clientId);
  }

  dropAll(): void {
    this.pools.clear();
    this.clients.clear();
  }

  private cached<T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
    let entry = map.get(id);
    if (entry === undefined) {
      if (map.size >= LIMIT) map.clear();
      entry = load().catch((error: unknown) => {
        if (map.get(id) === entry) map.delete(id);
        throw new StoreUnavailableError(error);
      });
      map.set(id, entry);
    }
    return entry;
  }
}
