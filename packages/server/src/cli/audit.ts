import type { AuditFilter } from '../services/audit.js';
import { command, group } from './command.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';

/** `2026-11-30` or `2026-11-30T12:00:00Z`, as the admin API takes them. */
function time(inv: Invocation, name: string): number | undefined {
  const raw = inv.string(name);
  if (raw === undefined) return undefined;
  const at = Date.parse(raw);
  if (raw.length > 40 || Number.isNaN(at)) {
    throw new UsageError(
      `--${name} must be a date or time such as 2026-11-30 or 2026-11-30T12:00:00Z, got "${raw}"`,
    );
  }
  return at;
}

const list = command({
  name: 'list',
  summary: 'Read the audit log, newest first',
  description:
    'The same events as GET /api/v1/audit. Signing key rotation, pre-publication, retirement and\n' +
    'deletion are here too (target type signing_key): keys belong to no team, so only the operator\n' +
    'and platform admins see them.',
  options: {
    action: { type: 'string', value: 'ACTION', description: 'an action (key.retire) or a prefix (key)' },
    'target-type': {
      type: 'string',
      value: 'TYPE',
      description: 'resource_server, client, team, user, signing_key, …',
    },
    target: { type: 'string', value: 'ID', description: 'the id of the target' },
    team: { type: 'string', value: 'TEAM', description: 'the events of one team' },
    since: { type: 'string', value: 'TIME', description: 'from this date or time' },
    until: { type: 'string', value: 'TIME', description: 'up to this date or time' },
    limit: { type: 'string', value: 'N', description: 'at most this many events, 1 to 1000 (default 50)' },
  },
  examples: [
    'gatehouse audit list --target-type signing_key',
    'gatehouse audit list --action key --since 2026-11-01 --json',
  ],
  async run(inv) {
    const limit = inv.integer('limit', 'events');
    if (limit !== undefined && (limit < 1 || limit > 1000)) {
      throw new UsageError(`--limit must be between 1 and 1000, got ${limit}`);
    }
    const filter: AuditFilter = {
      action: inv.string('action'),
      targetType: inv.string('target-type'),
      targetId: inv.string('target'),
      team: inv.string('team'),
      since: time(inv, 'since'),
      until: time(inv, 'until'),
      limit: limit ?? 50,
    };
    const page = await inv.withGatehouse((g) => g.audit.list(inv.actor, filter));
    inv.out.result('auditEvents', page, () =>
      inv.out.table(
        ['WHEN', 'WHO', 'ACTION', 'TARGET', 'TEAM'],
        page.events.map((e) => [
          e.at,
          e.actor.name,
          e.action,
          `${e.target.type} ${e.target.name ? `${e.target.name} ` : ''}${e.target.id}`,
          e.teamId ?? '-',
        ]),
      ),
    );
  },
});

export const audit = group({
  name: 'audit',
  summary: 'Read the audit log',
  children: [list],
  examples: ['gatehouse audit list', 'gatehouse audit list --target-type signing_key --json'],
});
