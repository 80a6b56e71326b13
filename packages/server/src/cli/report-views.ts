import type { ReportFix, SecretsReport, StaleClientsReport, UnusedScopesReport } from '@gatehouse/schemas';
import type { Output } from './output.js';

/** How `gatehouse reports …` prints its answers for a person: a summary, then one table a section. */

/** A rotation's second step waits for the new secret to be deployed. */
export const fixText = (fix: ReportFix): string => fix.commands.join(' ; after deploying the new one: ');

const team = (slug: string | null) => slug ?? '(no team)';
const scopeOf = (teamSlug: string | null) => (teamSlug === null ? '' : ` of team ${teamSlug}`);

export function showStaleClients(out: Output, report: StaleClientsReport): void {
  const { stale, neverUsed } = report.summary;
  out.line(
    `${stale} enabled client${stale === 1 ? '' : 's'}${scopeOf(report.team)} got no token in ${report.days} days` +
      ` (${neverUsed} never used).`,
  );
  if (stale === 0) return;
  out.line();
  out.table(
    ['CLIENT ID', 'NAME', 'TEAM', 'AUTH', 'LAST USED', 'IDLE DAYS', 'OLDEST SECRET', 'FIX'],
    report.clients.map((c) => [
      c.clientId,
      c.clientName,
      team(c.teamSlug),
      c.authMethod,
      c.lastUsedAt ?? 'never',
      String(c.idleDays),
      c.oldestSecretAgeDays === null ? '-' : `${c.oldestSecretAgeDays} days`,
      fixText(c.fix),
    ]),
  );
}

export function showUnusedScopes(out: Output, report: UnusedScopesReport): void {
  const { scopes, clients } = report.summary;
  out.line(
    `${scopes} scope${scopes === 1 ? '' : 's'} held by ${clients} client${clients === 1 ? '' : 's'}` +
      `${scopeOf(report.team)} not requested in ${report.days} days.`,
  );
  if (!report.includesRoles) out.line('Scopes held through roles are not included.');
  if (scopes === 0) return;
  out.line();
  out.table(
    ['CLIENT ID', 'NAME', 'TEAM', 'SCOPE', 'VIA', 'GRANTED', 'LAST USED', 'FIX'],
    report.scopes.map((s) => [
      s.clientId,
      s.clientName,
      team(s.teamSlug),
      s.scope,
      s.origin.type === 'role' ? `role ${s.origin.role ?? ''}` : 'direct',
      s.grantedAt.slice(0, 10),
      s.lastUsedAt ?? 'never',
      fixText(s.fix),
    ]),
  );
}

export function showSecrets(out: Output, report: SecretsReport): void {
  const { old, expiring, multipleActive } = report.summary;
  out.line(
    `${old} secret${old === 1 ? '' : 's'} older than ${report.maxAgeDays} days, ${expiring} expiring within ` +
      `${report.expiringWithinDays} days, ${multipleActive} client${multipleActive === 1 ? '' : 's'} with more than one active secret${scopeOf(report.team)}.`,
  );
  const headers = ['CLIENT ID', 'NAME', 'TEAM', 'SECRET', 'CREATED', 'LAST USED'];
  if (old > 0) {
    out.line();
    out.line(`Older than ${report.maxAgeDays} days (rotate):`);
    out.table(
      [...headers, 'AGE', 'FIX'],
      report.old.map((s) => [
        s.clientId,
        s.clientName,
        team(s.teamSlug),
        `${s.secretId} (…${s.hint})`,
        s.createdAt.slice(0, 10),
        s.lastUsedAt ?? 'never',
        `${s.ageDays} days`,
        fixText(s.fix),
      ]),
    );
  }
  if (expiring > 0) {
    out.line();
    out.line(`Expiring within ${report.expiringWithinDays} days (rotate before they do):`);
    out.table(
      [...headers, 'EXPIRES', 'FIX'],
      report.expiring.map((s) => [
        s.clientId,
        s.clientName,
        team(s.teamSlug),
        `${s.secretId} (…${s.hint})`,
        s.createdAt.slice(0, 10),
        s.lastUsedAt ?? 'never',
        `${s.expiresAt ?? '-'} (${s.expiresInDays} days)`,
        fixText(s.fix),
      ]),
    );
  }
  if (multipleActive > 0) {
    out.line();
    out.line('More than one active secret (finish the rotation: revoke all but the newest once unused):');
    out.table(
      ['CLIENT ID', 'NAME', 'TEAM', 'SECRETS (oldest first, last used)', 'FIX'],
      report.multipleActive.map((c) => [
        c.clientId,
        c.clientName,
        team(c.teamSlug),
        c.secrets.map((s) => `${s.secretId} ${s.lastUsedAt ?? 'never'}`).join(', '),
        fixText(c.fix),
      ]),
    );
  }
}
