import type { SigningAlg, TokenEndpointAuthMethod, TokenProfile } from '@gatehouse/schemas';
import { type PublicKeyEntry, importUsableJwks } from '@gatehouse/jws';
import type { Db } from '../store/db.js';
import { findClient, listPermissions, listSecrets } from '../store/repos/clients.js';
import { decodeClaims } from '../store/repos/custom-claims.js';
import { layeredRateLimits } from '../store/repos/rate-limits.js';
import { listResourceServers, listScopes } from '../store/repos/resource-servers.js';
import { listRolePermissions } from '../store/repos/roles.js';
import { type HookFailMode, listTokenHooks } from '../store/repos/token-hooks.js';
import { type AppliedLimit, appliedFromStored } from './rate-limits/limit-layers.js';

/** A resource server as the token path sees it. */
export interface ResourceEntry {
  id: string;
  identifier: string;
  tokenTtl: number;
  alg: SigningAlg;
  /** How its tokens name scopes and which claims they add (TokenService.issueAccessToken). */
  profile: TokenProfile;
  scopes: ReadonlySet<string>;
  /** Static claims for every token issued for it; null when none. */
  claims: Readonly<Record<string, unknown>> | null;
  /** Where its tokens' extra claims come from at issue time; null when it has no hook. */
  hook: TokenHookEntry | null;
}

/** A resource server's token hook as the token path sees it (services/token-hooks/hook-caller.ts). */
export interface TokenHookEntry {
  resourceServerId: string;
  url: string;
  /** The secret, still sealed: opened once per loaded entry, by the caller, when first needed. */
  sealedSecret: string;
  timeoutMs: number;
  failMode: HookFailMode;
  /**
   * Differs whenever anything about the hook does (its secret's sealing is random, so even a
   * rotation within the same millisecond shows): answers cached under another version are stale.
   */
  version: string;
}

export interface SecretEntry {
  id: string;
  hash: Buffer;
  expiresAt: number | null;
}

/** A client as the token path sees it: only what authentication and scope checks need. */
export interface ClientEntry {
  clientId: string;
  /** Name and owning team: what the admin API needs to act on the client's behalf. */
  name: string;
  teamId: string | null;
  enabled: boolean;
  authMethod: TokenEndpointAuthMethod;
  /** The grant types it may use at the token endpoint. */
  grantTypes: ReadonlySet<string>;
  tokenTtl: number | null;
  /** Unrevoked secrets; expiry is checked per request against the clock. */
  secrets: readonly SecretEntry[];
  /** Resource server id → scope names it may request (its own permissions and its roles'), sorted. */
  permissions: ReadonlyMap<string, readonly string[]>;
  keys: readonly PublicKeyEntry[] | null;
  jwksUri: string | null;
  /** When the first time-limited permission runs out: the entry must be reloaded from then on. */
  refreshAt: number;
  /** Its effective rate limit (own, team's, platform's, part by part); null when nothing limits it. */
  limit: AppliedLimit | null;
  /** Static claims for every token it is issued; null when none. */
  claims: Readonly<Record<string, unknown>> | null;
}

export async function loadResourceEntries(db: Db): Promise<Map<string, ResourceEntry>> {
  const [rows, scopes, hookRows] = await Promise.all([
    listResourceServers(db),
    listScopes(db),
    listTokenHooks(db),
  ]);
  const hooks = new Map<string, TokenHookEntry>();
  for (const h of hookRows) {
    hooks.set(h.resource_server_id, {
      resourceServerId: h.resource_server_id,
      url: h.url,
      sealedSecret: h.secret,
      timeoutMs: Number(h.timeout_ms),
      failMode: h.fail_mode,
      version: `${Number(h.updated_at)}|${h.timeout_ms}|${h.fail_mode}|${h.secret}|${h.url}`,
    });
  }
  const byServer = new Map<string, Set<string>>();
  for (const s of scopes) {
    const set = byServer.get(s.resource_server_id);
    if (set) set.add(s.name);
    else byServer.set(s.resource_server_id, new Set([s.name]));
  }
  return new Map(
    rows.map((r) => [
      r.identifier,
      {
        id: r.id,
        identifier: r.identifier,
        tokenTtl: r.token_ttl,
        alg: r.signing_alg as SigningAlg,
        profile: r.token_profile as TokenProfile,
        scopes: byServer.get(r.id) ?? new Set(),
        claims: decodeClaims(r.claims),
        hook: hooks.get(r.id) ?? null,
      },
    ]),
  );
}

export async function loadClientEntry(
  db: Db,
  clientId: string,
  now: number,
): Promise<ClientEntry | undefined> {
  const row = await findClient(db, clientId);
  if (!row) return undefined;
  const [permissions, secrets, limits, fromRoles] = await Promise.all([
    listPermissions(db, clientId),
    listSecrets(db, clientId),
    layeredRateLimits(db, clientId),
    listRolePermissions(db, clientId),
  ]);
  const byServer = new Map<string, string[]>();
  let refreshAt = Number.POSITIVE_INFINITY;
  for (const g of permissions) {
    if (g.expires_at !== null) {
      if (g.expires_at <= now) continue;
      refreshAt = Math.min(refreshAt, g.expires_at);
    }
    const list = byServer.get(g.resource_server_id);
    if (list) list.push(g.scope);
    else byServer.set(g.resource_server_id, [g.scope]);
  }
  // Scopes held through roles are requested like any other: the token path never asks where one came from.
  for (const r of fromRoles) {
    const list = byServer.get(r.resource_server_id);
    if (!list) byServer.set(r.resource_server_id, [r.scope]);
    else if (!list.includes(r.scope)) list.push(r.scope);
  }
  for (const list of byServer.values()) list.sort();
  return {
    clientId: row.client_id,
    name: row.name,
    teamId: row.team_id,
    enabled: row.enabled === 1,
    authMethod: row.auth_method as TokenEndpointAuthMethod,
    grantTypes: new Set(JSON.parse(row.grant_types) as string[]),
    tokenTtl: row.token_ttl,
    secrets: secrets
      .filter((s) => s.revoked_at === null)
      .map((s) => ({ id: s.id, hash: ownBuffer(s.hash), expiresAt: s.expires_at })),
    permissions: byServer,
    // Keys were validated at registration, perhaps under older rules: keys that break today's are not used.
    keys: row.jwks === null ? null : safeImport(row.jwks),
    jwksUri: row.jwks_uri,
    refreshAt,
    limit: appliedFromStored(limits),
    claims: decodeClaims(row.claims),
  };
}

/**
 * A small Buffer.from() result is a slice of Node's shared 8 KiB pool and keeps the whole
 * chunk alive; a cache of many clients holds its own 32 bytes each instead.
 */
function ownBuffer(base64url: string): Buffer {
  const decoded = Buffer.from(base64url, 'base64url');
  const own = Buffer.allocUnsafeSlow(decoded.length);
  decoded.copy(own);
  return own;
}

function safeImport(json: string): PublicKeyEntry[] {
  try {
    return importUsableJwks(JSON.parse(json)).keys;
  } catch {
    return [];
  }
}
