import { command, group, type OptionSpec } from './command.js';
import { showSecrets, showStaleClients, showUnusedScopes } from './report-views.js';

const TEAM: OptionSpec = {
  type: 'string',
  value: 'TEAM',
  description: "slug or id of a team: only that team's clients (default: every client)",
};
const DAYS: OptionSpec = {
  type: 'string',
  value: 'N',
  description: 'days without use that make it stale (default 90)',
};

const staleClients = command({
  name: 'stale-clients',
  summary: 'Enabled clients that got no token in N days, or never did',
  description:
    'A client never used counts from when it was created. Usage is saved by running servers ' +
    'about every 30 seconds. Disabled clients are left out: they get no tokens already.',
  options: { days: DAYS, team: TEAM },
  fields: { days: '--days', team: '--team' },
  examples: [
    'gatehouse reports stale-clients',
    'gatehouse reports stale-clients --days 30 --team orders --json',
  ],
  async run(inv) {
    const days = inv.integer('days', 'days');
    const team = inv.string('team');
    const report = await inv.withGatehouse((g) =>
      g.reports.staleClients(
        { ...(days !== undefined ? { days } : {}), ...(team ? { team } : {}) },
        inv.actor,
      ),
    );
    inv.out.result('staleClientsReport', report, () => showStaleClients(inv.out, report));
  },
});

const unusedScopes = command({
  name: 'unused-scopes',
  summary: 'Scopes clients hold but have not requested in N days',
  description:
    'A scope given less than N days ago is not listed yet, even if never requested. The fix ' +
    'removes the permission (or, for a scope held through a role, the role).',
  options: {
    days: { ...DAYS, description: 'days without a token carrying the scope (default 90)' },
    team: TEAM,
  },
  fields: { days: '--days', team: '--team' },
  examples: ['gatehouse reports unused-scopes', 'gatehouse reports unused-scopes --days 30 --json'],
  async run(inv) {
    const days = inv.integer('days', 'days');
    const team = inv.string('team');
    const report = await inv.withGatehouse((g) =>
      g.reports.unusedScopes(
        { ...(days !== undefined ? { days } : {}), ...(team ? { team } : {}) },
        inv.actor,
      ),
    );
    inv.out.result('unusedScopesReport', report, () => showUnusedScopes(inv.out, report));
  },
});

const secrets = command({
  name: 'secrets',
  summary: 'Secrets older than the policy age, expiring soon, and clients with more than one active secret',
  description:
    'The policy age is GATEHOUSE_SECRET_MAX_AGE_DAYS (default 180) and the window ' +
    'GATEHOUSE_SECRET_EXPIRY_WARNING_DAYS (default 14); the flags override them for one run.',
  options: {
    'max-age-days': { type: 'string', value: 'N', description: 'secrets this many days old are listed' },
    'expiring-within-days': {
      type: 'string',
      value: 'N',
      description: 'secrets expiring within this many days are listed',
    },
    team: TEAM,
  },
  fields: { maxAgeDays: '--max-age-days', expiringWithinDays: '--expiring-within-days', team: '--team' },
  examples: ['gatehouse reports secrets', 'gatehouse reports secrets --max-age-days 90 --json'],
  async run(inv) {
    const maxAgeDays = inv.integer('max-age-days', 'days');
    const expiringWithinDays = inv.integer('expiring-within-days', 'days');
    const team = inv.string('team');
    const report = await inv.withGatehouse((g) =>
      g.reports.secrets(
        {
          ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
          ...(expiringWithinDays !== undefined ? { expiringWithinDays } : {}),
          ...(team ? { team } : {}),
        },
        inv.actor,
      ),
    );
    inv.out.result('secretsReport', report, () => showSecrets(inv.out, report));
  },
});

export const reports = group({
  name: 'reports',
  summary: 'Hygiene reports: stale clients, unused scopes, secrets to rotate, each with its fix',
  children: [staleClients, unusedScopes, secrets],
  examples: ['gatehouse reports stale-clients --days 90', 'gatehouse reports secrets --json'],
});
