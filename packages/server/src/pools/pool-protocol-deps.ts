import type { OAuthServer } from '../oauth/context.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import type { PoolCache } from '../services/pools/pool-cache.js';
import type { PoolGrantService } from '../services/pools/pool-grants.js';
import type { PoolTokenService } from '../services/pools/pool-tokens.js';

/** What a pool's protocol endpoints share: the OAuth server's parts and the pools' services. */
export interface PoolProtocol {
  server: OAuthServer;
  cache: PoolCache;
  grants: PoolGrantService;
  tokens: PoolTokenService;
  issuerOf(poolId: string): string;
}

/** A request at one pool's endpoint. */
export interface PoolRequestContext {
  protocol: PoolProtocol;
  pool: PoolRecord;
  issuer: string;
}
