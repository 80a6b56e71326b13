import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowed, NotFound } from '../http/errors.js';
import { sendEmpty, sendRawJson } from '../http/respond.js';
import { noteRoute } from '../http/request-facts.js';
import type { Router } from '../http/router.js';
import type { OAuthServer } from '../oauth/context.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import { PoolCache } from '../services/pools/pool-cache.js';
import { PoolGrantService } from '../services/pools/pool-grants.js';
import { PoolTokenService } from '../services/pools/pool-tokens.js';
import { POOL_PATHS, poolDiscovery } from './pool-discovery.js';
import type { PoolProtocol, PoolRequestContext } from './pool-protocol-deps.js';
import { poolRevocationEndpoint } from './pool-revocation-endpoint.js';
import { poolTokenEndpoint } from './pool-token-endpoint.js';
import { userinfoEndpoint } from './userinfo-endpoint.js';

type PoolHandler = (
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void> | void;

const PUBLIC_CACHE = { 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' } as const;
const POOLS = '/pools/';
/** RFC 8414 §3.1: the metadata of an issuer with a path is at the well-known path, then the issuer's path. */
const RFC8414_POOLS = '/.well-known/oauth-authorization-server/pools/';
const POOL_ID = /^[a-z0-9-]{2,32}_[A-Za-z0-9]{9,32}$/;

const discovery: PoolHandler = (ctx, _req, res) => {
  const signingAlgs = [...ctx.protocol.server.runtime.keys.signers.keys()];
  sendRawJson(res, 200, JSON.stringify(poolDiscovery({ poolIssuer: ctx.issuer, signingAlgs })), PUBLIC_CACHE);
};

// The deployment's keys: a pool's tokens are signed with them.
const jwks: PoolHandler = (ctx, _req, res) =>
  sendRawJson(res, 200, ctx.protocol.server.runtime.keys.jwksJson, PUBLIC_CACHE);

/**
 * Single-page apps call these endpoints from the browser (a public client's code exchange,
 * userinfo, revocation). Any origin may: the endpoints take no cookies, only the credentials
 * the request itself carries, so a foreign page learns nothing it did not send.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
} as const;

/** Path under the pool issuer → method → handler. */
const ROUTES: ReadonlyMap<string, ReadonlyMap<string, PoolHandler>> = new Map([
  [POOL_PATHS.openidConfiguration, byMethod({ GET: discovery })],
  [POOL_PATHS.jwks, byMethod({ GET: jwks })],
  [POOL_PATHS.token, byMethod({ POST: poolTokenEndpoint })],
  [POOL_PATHS.userInfo, byMethod({ GET: userinfoEndpoint, POST: userinfoEndpoint })],
  [POOL_PATHS.userInfoLowercase, byMethod({ GET: userinfoEndpoint, POST: userinfoEndpoint })],
  [POOL_PATHS.revoke, byMethod({ POST: poolRevocationEndpoint })],
]);

function byMethod(handlers: Record<string, PoolHandler>): ReadonlyMap<string, PoolHandler> {
  const map = new Map(Object.entries(handlers));
  const get = map.get('GET');
  if (get) map.set('HEAD', get);
  return map;
}

/** `/pools/<id><rest>` → [id, rest], when rest is one of this module's paths. */
function splitPoolPath(path: string): [string, string] | undefined {
  const slash = path.indexOf('/', POOLS.length);
  if (slash === -1) return undefined;
  const rest = path.slice(slash);
  return ROUTES.has(rest) ? [path.slice(POOLS.length, slash), rest] : undefined;
}

const pathOf = (url: string | undefined): string => {
  const value = url ?? '/';
  const query = value.indexOf('?');
  return query === -1 ? value : value.slice(0, query);
};

/**
 * The machine-readable side of user pools, under `/pools/<pool id>`: discovery, JWKS, token,
 * userinfo and revocation (the hosted pages and authorize are page-routes.ts). Pools and app
 * clients come from a cache the change log keeps current, so a warm token request reads only
 * the code or refresh token (and the user) from the store.
 */
export function mountPoolProtocol(
  router: Router,
  deps: { server: OAuthServer; gatehouse: OpenGatehouse },
): PoolProtocol {
  const { server, gatehouse } = deps;
  const cache = new PoolCache({
    lookupPool: (id) => gatehouse.userPools.lookup(id),
    lookupClient: (id) => gatehouse.appClients.lookup(id),
    secretOf: (id) => gatehouse.appClients.secretOf(id),
  });
  server.runtime.subscribe(cache);
  const issuerOf = (poolId: string) => gatehouse.userPools.issuerOf(poolId);
  const tokens = new PoolTokenService(
    server.tokens,
    server.runtime,
    () => server.runtime.keys.publicKeys,
    issuerOf,
  );
  const protocol: PoolProtocol = {
    server,
    cache,
    tokens,
    grants: new PoolGrantService(gatehouse.db, gatehouse.clock, tokens, server.tokens),
    issuerOf,
  };
  const serve = async (poolId: string, rest: string, req: IncomingMessage, res: ServerResponse) => {
    const handlers = ROUTES.get(rest);
    if (!handlers) throw new NotFound();
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      sendEmpty(res, 204, CORS);
      return;
    }
    const handler = handlers.get(req.method ?? 'GET');
    if (!handler) throw new MethodNotAllowed([...handlers.keys()]);
    const pool = POOL_ID.test(poolId) ? await cache.pool(poolId) : undefined;
    if (!pool) throw new NotFound('no such user pool');
    await handler({ protocol, pool, issuer: issuerOf(pool.row.id) }, req, res);
  };
  router.under(
    POOLS,
    async (req, res) => {
      const [poolId, rest] = splitPoolPath(pathOf(req.url)) ?? ['', ''];
      // `rest` is one of ROUTES' keys (splitPoolPath accepts no other), so the pattern is fixed.
      noteRoute(req, `${POOLS}:poolId${rest}`);
      await serve(poolId, rest, req, res);
    },
    (path) => splitPoolPath(path) !== undefined,
  );
  router.under(RFC8414_POOLS, async (req, res) => {
    noteRoute(req, `${RFC8414_POOLS}:poolId`);
    const poolId = pathOf(req.url).slice(RFC8414_POOLS.length);
    await serve(poolId, POOL_PATHS.openidConfiguration, req, res);
  });
  return protocol;
}
