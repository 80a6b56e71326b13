import { teamLimits } from './rate-limits.js';
import { TEAM_ROLES } from '@gatehouse/schemas';
import { type Command, command, group } from './command.js';

/** Whom `add-member` and `invite` bring into which team, and with which role. */
const WHO_JOINS = {
  args: [{ name: 'TEAM', description: 'slug or id of the team' }],
  options: {
    email: { type: 'string', required: true, value: 'EMAIL', description: 'their email address' },
    role: { type: 'string', value: TEAM_ROLES.join('|'), description: 'owner or member (default member)' },
  },
  fields: { email: '--email', role: '--role' },
} satisfies Pick<Command, 'args' | 'options' | 'fields'>;

const list = command({
  name: 'list',
  summary: 'List teams',
  examples: ['gatehouse teams list', 'gatehouse teams list --json'],
  async run(inv) {
    const teams = await inv.withGatehouse((g) => g.teams.list(inv.actor));
    inv.out.result('teams', teams, () =>
      inv.out.table(
        ['SLUG', 'NAME', 'ID', 'CREATED'],
        teams.map((t) => [t.slug, t.name, t.id, t.createdAt]),
      ),
    );
  },
});

const create = command({
  name: 'create',
  summary: 'Create a team; invite its first owner with `teams invite`',
  options: {
    slug: {
      type: 'string',
      required: true,
      value: 'SLUG',
      description: 'short name: lowercase letters, digits, -',
    },
    name: { type: 'string', required: true, value: 'NAME', description: 'display name' },
    description: { type: 'string', value: 'TEXT', description: 'what the team does' },
  },
  fields: { slug: '--slug', name: '--name', description: '--description' },
  examples: ['gatehouse teams create --slug orders --name "Orders team"'],
  async run(inv) {
    const description = inv.string('description');
    const team = await inv.withGatehouse((g) =>
      g.teams.create(
        {
          slug: inv.required('slug'),
          name: inv.required('name'),
          ...(description !== undefined ? { description } : {}),
        },
        inv.actor,
      ),
    );
    inv.out.result('team', team, () => {
      inv.out.line(`Created team ${team.slug} (${team.id}).`);
      inv.out.line('Next, invite its first owner (they join when they accept in the portal):');
      inv.out.line(`  gatehouse teams invite ${team.slug} --email person@example.com --role owner`);
    });
  },
});

const rename = command({
  name: 'rename',
  summary: "Change a team's display name (and description); its slug stays",
  description:
    'The slug is how scripts, commands and GATEHOUSE_SSO_TEAM_GROUPS name the team, so it never\n' +
    'changes: a renamed slug would silently stop matching them.',
  args: [
    { name: 'TEAM', description: 'slug or id of the team' },
    { name: 'NEW-NAME', description: 'the new display name' },
  ],
  options: { description: { type: 'string', value: 'TEXT', description: 'a new description too' } },
  fields: { name: 'NEW-NAME', description: '--description' },
  examples: ['gatehouse teams rename orders "Orders and billing"'],
  async run(inv) {
    const description = inv.string('description');
    const team = await inv.withGatehouse((g) =>
      g.teams.update(
        inv.arg('TEAM'),
        { name: inv.arg('NEW-NAME'), ...(description !== undefined ? { description } : {}) },
        inv.actor,
      ),
    );
    inv.out.result('team', team, () => inv.out.line(`Renamed team ${team.slug} to "${team.name}".`));
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete a team that owns nothing; its memberships and invitations go with it',
  description:
    'Refused while the team owns APIs, clients, user pools or access keys: the error names them.\n' +
    'Move them (resource-servers update --team) or delete them first. The audit history stays.',
  args: [{ name: 'TEAM', description: 'slug or id of the team' }],
  examples: ['gatehouse teams delete orders'],
  async run(inv) {
    const result = await inv.withGatehouse((g) => g.teams.delete(inv.arg('TEAM'), inv.actor));
    inv.out.result('teamDeleted', result, () => inv.out.line(`Deleted team ${result.deleted}.`));
  },
});

const addMember = command({
  name: 'add-member',
  summary: 'Add a person to a team without asking them (the operator only; prefer `teams invite`)',
  ...WHO_JOINS,
  examples: ['gatehouse teams add-member orders --email kim@example.com --role owner'],
  async run(inv) {
    const role = inv.choice('role', TEAM_ROLES);
    const member = await inv.withGatehouse((g) =>
      g.teams.addMember(
        inv.args('TEAM')[0] ?? '',
        { email: inv.required('email'), ...(role !== undefined ? { role } : {}) },
        inv.actor,
      ),
    );
    inv.out.result('member', member, () =>
      inv.out.line(`${member.email} is now ${member.role} of ${inv.args('TEAM')[0]}.`),
    );
  },
});

const invite = command({
  name: 'invite',
  summary: 'Invite someone by email; they join the team when they accept in the portal',
  ...WHO_JOINS,
  examples: [
    'gatehouse teams invite orders --email kim@example.com',
    'gatehouse teams invite orders --email kim@example.com --role owner',
  ],
  async run(inv) {
    const role = inv.choice('role', TEAM_ROLES);
    const team = inv.args('TEAM')[0] ?? '';
    const invitation = await inv.withGatehouse((g) =>
      g.invitations.invite(
        team,
        { email: inv.required('email'), ...(role !== undefined ? { role } : {}) },
        inv.actor,
      ),
    );
    inv.out.result('invitation', invitation, () => {
      inv.out.line(`Invited ${invitation.email} to ${team} as ${invitation.role} (${invitation.id}).`);
      inv.out.line(
        `They see it in the portal after signing in with that email, until ${invitation.expiresAt}.`,
      );
    });
  },
});

export const teams = group({
  name: 'teams',
  summary: 'Teams own APIs and clients; their members manage them in the portal',
  children: [list, create, rename, remove, invite, addMember, teamLimits],
});
