import type { UnusedScope, UnusedScopesReport } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { listHeldPermissions } from '../../store/repos/report-reads.js';
import { listScopeUsage, type ScopeUsageRow } from '../../store/repos/scope-usage.js';
import { DAY_MS } from '../../store/repos/usage.js';
import { iso } from '../views.js';
import { removeScopeFix } from './fixes.js';
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
  const [held, counted] = await Promise.all([listHeldPermissions(db, now), listScopeUsage(db)]);
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
      origin: { type: 'direct', role: null },
      grantedAt: iso(p.created_at),
      lastUsedAt: used ? iso(used.last_used_at) : null,
      tokens: used ? Number(used.tokens) : 0,
      fix: removeScopeFix(client.client_id, qualified),
    });
  }
  scopes.sort(
    (a, b) => a.clientName.localeCompare(b.clientName) || a.clientId.localeCompare(b.clientId) || a.scope.localeCompare(b.scope),
  );
  return {
    generatedAt: iso(now),
    days,
    team: scope.team,
    includesRoles: false,
    scopes,
    summary: { scopes: scopes.length, clients: new Set(scopes.map((s) => s.clientId)).size },
  };
}
