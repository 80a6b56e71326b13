import type {
  ExpiringSecret,
  MultipleSecrets,
  OldSecret,
  ReportSecret,
  SecretsReport,
} from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { listActiveSecrets } from '../../store/repos/report-reads.js';
import type { ClientRow, SecretRow } from '../../store/repos/rows.js';
import { DAY_MS } from '../../store/repos/usage.js';
import { iso } from '../views.js';
import { revokeFix, rotateFix } from './fixes.js';
import { type ReportScope, wholeDays } from './report-scope.js';

export interface SecretPolicy {
  maxAgeDays: number;
  expiringWithinDays: number;
}

/**
 * Active secrets (unrevoked, unexpired) that are older than the policy allows, that expire
 * within the window, and clients holding more than one: a rotation that was never finished.
 */
export async function secretsReport(
  db: Db,
  scope: ReportScope,
  now: number,
  policy: SecretPolicy,
): Promise<SecretsReport> {
  const tooOld = now - policy.maxAgeDays * DAY_MS;
  const soon = now + policy.expiringWithinDays * DAY_MS;
  const byId = new Map(scope.clients.map((c) => [c.client_id, c]));
  const perClient = new Map<string, SecretRow[]>();
  for (const s of await listActiveSecrets(db, now)) {
    if (!byId.has(s.client_id)) continue;
    const list = perClient.get(s.client_id);
    if (list) list.push(s);
    else perClient.set(s.client_id, [s]);
  }
  const secret = (s: SecretRow): ReportSecret => ({
    secretId: s.id,
    hint: s.hint,
    createdAt: iso(s.created_at),
    expiresAt: s.expires_at === null ? null : iso(s.expires_at),
    lastUsedAt: s.last_used_at === null ? null : iso(s.last_used_at),
    ageDays: wholeDays(s.created_at, now),
  });
  const owner = (c: ClientRow) => ({
    clientId: c.client_id,
    clientName: c.name,
    teamId: c.team_id,
    teamSlug: scope.teamSlug(c.team_id),
  });
  const old: OldSecret[] = [];
  const expiring: ExpiringSecret[] = [];
  const multipleActive: MultipleSecrets[] = [];
  for (const [clientId, secrets] of perClient) {
    const client = byId.get(clientId) as ClientRow;
    for (const s of secrets) {
      if (s.created_at <= tooOld)
        old.push({ ...owner(client), ...secret(s), fix: rotateFix(clientId, s.id) });
      if (s.expires_at !== null && s.expires_at <= soon) {
        expiring.push({
          ...owner(client),
          ...secret(s),
          expiresInDays: wholeDays(now, s.expires_at),
          fix: rotateFix(clientId, s.id),
        });
      }
    }
    if (secrets.length > 1) {
      multipleActive.push({
        ...owner(client),
        secrets: secrets.map(secret),
        fix: revokeFix(
          clientId,
          secrets.slice(0, -1).map((s) => s.id),
        ),
      });
    }
  }
  old.sort((a, b) => b.ageDays - a.ageDays || a.clientName.localeCompare(b.clientName));
  expiring.sort((a, b) => a.expiresInDays - b.expiresInDays || a.clientName.localeCompare(b.clientName));
  multipleActive.sort((a, b) => a.clientName.localeCompare(b.clientName));
  return {
    generatedAt: iso(now),
    maxAgeDays: policy.maxAgeDays,
    expiringWithinDays: policy.expiringWithinDays,
    team: scope.team,
    old,
    expiring,
    multipleActive,
    summary: { old: old.length, expiring: expiring.length, multipleActive: multipleActive.length },
  };
}
