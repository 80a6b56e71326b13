import type { StaleClient, StaleClientsReport, TokenEndpointAuthMethod } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { listActiveSecrets } from '../../store/repos/report-reads.js';
import { DAY_MS } from '../../store/repos/usage.js';
import { iso } from '../views.js';
import { disableFix } from './fixes.js';
import { type ReportScope, wholeDays } from './report-scope.js';

/**
 * Clients that got no token for `days` days, and clients never used that are that old. A
 * client is stale from the moment `days` whole days have passed since its last token (or
 * since it was created), to the millisecond.
 */
export async function staleClients(
  db: Db,
  scope: ReportScope,
  now: number,
  days: number,
): Promise<StaleClientsReport> {
  const cutoff = now - days * DAY_MS;
  const oldestSecret = new Map<string, number>();
  for (const s of await listActiveSecrets(db, now)) {
    // Oldest first per client: the first one seen is the oldest.
    if (!oldestSecret.has(s.client_id)) oldestSecret.set(s.client_id, s.created_at);
  }
  const clients: StaleClient[] = [];
  for (const row of scope.clients) {
    const since = row.last_used_at ?? row.created_at;
    if (since > cutoff) continue;
    const secretAt = oldestSecret.get(row.client_id);
    clients.push({
      clientId: row.client_id,
      clientName: row.name,
      teamId: row.team_id,
      teamSlug: scope.teamSlug(row.team_id),
      authMethod: row.auth_method as TokenEndpointAuthMethod,
      createdAt: iso(row.created_at),
      lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
      idleDays: wholeDays(since, now),
      oldestSecretCreatedAt: secretAt === undefined ? null : iso(secretAt),
      oldestSecretAgeDays: secretAt === undefined ? null : wholeDays(secretAt, now),
      fix: disableFix(row.client_id),
    });
  }
  clients.sort((a, b) => b.idleDays - a.idleDays || a.clientName.localeCompare(b.clientName));
  return {
    generatedAt: iso(now),
    days,
    team: scope.team,
    clients,
    summary: { stale: clients.length, neverUsed: clients.filter((c) => c.lastUsedAt === null).length },
  };
}
