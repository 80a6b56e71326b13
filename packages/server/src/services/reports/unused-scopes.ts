import type { UnusedScope, UnusedScopesReport } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { listHeldPermissions, listHeldRoleScopes } from '../../store/repos/report-reads.js';
import { listScopeUsage, type ScopeUsageRow } from '../../store/repos/scope-usage.js';
import { DAY_MS } from '../../store/repos/usage.js';
import { iso } from '../views.js';
import { removeRoleFix, removeScopeFix } from './fixes.js';
import type { ReportScope } from './report-scope.js';

const usageKey = (clientId: string, resourceServerId: string, scope: string) =>
  `${clientId}\u0000${resourceServerId}\u0000${scope}`;

/**
 * A held scope is unused when no token carried it for `days` days and it was given more than
 * `days` days ago: a scope given last week has not had its chance yet, even if it was used
 * (and taken away) long ago.
 */
export function isUnused(grantedAt: number, usage: ScopeUsageRow | undefined, cutoff: number): boolean {
  return grantedAt <= cutoff && (usage === undefined || usage.last_used_at <= cutoff);
}

export async function unusedScopes(
  db: Db,
  scope: ReportScope,
  now: number,
  days: number,
): Promise<UnusedScopesReport> {
  const cutoff = now - days * DAY_MS;
  const byId = new Map(scope.clients.map((c) => [c.client_id, c]));
  const [held, viaRoles, counted] = await Promise.all([
    listHeldPermissions(db, now),
    listHeldRoleScopes(db),
    listScopeUsage(db),
  ]);
  const usage = new Map(counted.map((u) => [usageKey(u.client_id, u.resource_server_id, u.scope), u]));
  const scopes: UnusedScope[] = [];
  for (const p of held) {
    const client = byId.get(p.client_id);
    if (!client) continue;
    const used = usage.get(usageKey(p.client_id, p.resource_server_id, p.scope));
    if (!isUnused(p.created_at, used, cutoff)) continue;
    const qualified = `${p.identifier}/${p.scope}`;
    scopes.push({
      clientId: client.client_id,
      clientName: client.name,
      teamId: client.team_id,
      teamSlug: scope.teamSlug(client.team_id),
      scope: qualified,
      resourceServerId: p.resource_server_id,
      origin: { type: 'direct', role: null, roleId: null },
      grantedAt: iso(p.created_at),
      lastUsedAt: used ? iso(used.last_used_at) : null,
      tokens: used ? Number(used.tokens) : 0,
      fix: removeScopeFix(client.client_id, qualified),
    });
  }
  // A scope held both directly and through a role is listed once per origin: removing one
  // leaves the client holding it through the other, so each needs its own fix.
  for (const h of viaRoles) {
    const client = byId.get(h.client_id);
    if (!client) continue;
    const grantedAt = Math.max(h.assigned_at, h.added_at);
    const used = usage.get(usageKey(h.client_id, h.resource_server_id, h.scope));
    if (!isUnused(grantedAt, used, cutoff)) continue;
    scopes.push({
      clientId: client.client_id,
      clientName: client.name,
      teamId: client.team_id,
      teamSlug: scope.teamSlug(client.team_id),
      scope: `${h.identifier}/${h.scope}`,
      resourceServerId: h.resource_server_id,
      origin: { type: 'role', role: h.role_name, roleId: h.role_id },
      grantedAt: iso(grantedAt),
      lastUsedAt: used ? iso(used.last_used_at) : null,
      tokens: used ? Number(used.tokens) : 0,
      fix: removeRoleFix(client.client_id, h.role_id),
    });
  }
  scopes.sort(
    (a, b) =>
      a.clientName.localeCompare(b.clientName) ||
      a.clientId.localeCompare(b.clientId) ||
      a.scope.localeCompare(b.scope) ||
      (a.origin.role ?? '').localeCompare(b.origin.role ?? ''),
  );
  return {
    generatedAt: iso(now),
    days,
    team: scope.team,
    includesRoles: true,
    scopes,
    summary: { scopes: scopes.length, clients: new Set(scopes.map((s) => s.clientId)).size },
  };
}
