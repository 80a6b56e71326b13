import { BUILT_IN_RESOURCE_SERVER, customIssue, OIDC_SCOPES } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import type { Actor } from '../actor.js';
import { ValidationError } from '../errors.js';
import { requireMayPermit } from '../permission-authority.js';
import { resolvePermissions } from '../resolve-permissions.js';

const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);

/**
 * An app client's scopes: the OIDC ones, and qualified scopes of registered resource servers,
 * resolved as machine clients' are. Letting a pool's app ask for an API's scope gives that API's
 * access to the pool's people, so the same rule applies as to a permission given to the pool's
 * team: its own APIs, another team's only by that team's owners. Gatehouse's own are refused.
 */
export async function checkAppClientScopes(
  tx: Db,
  actor: Actor,
  poolTeamId: string | null,
  scopes: readonly string[],
): Promise<void> {
  const qualified = scopes.map((scope, index) => ({ scope, index })).filter((s) => !OIDC.has(s.scope));
  if (qualified.length === 0) return;
  const resolved = await resolvePermissions(
    tx,
    qualified.map((q) => q.scope),
    (i) => `scopes.${qualified[i]?.index ?? i}`,
  );
  for (const permission of resolved) {
    if (permission.identifier === BUILT_IN_RESOURCE_SERVER) {
      throw new ValidationError([
        customIssue('scopes', `"${BUILT_IN_RESOURCE_SERVER}" scopes are for machine clients, not for people`),
      ]);
    }
    requireMayPermit(actor, poolTeamId, permission);
  }
}
