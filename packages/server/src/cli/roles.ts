import { command, group, type OptionSpec } from './command.js';
import { ROLE_HEADERS, roleRows, showRole } from './role-views.js';

const ROLE_ARG = { name: 'ROLE', description: 'the role id (role_…) or its name' } as const;
const SCOPE_ARG = {
  name: 'SCOPE',
  variadic: true,
  description: 'qualified scopes, <resource-identifier>/<scope>',
} as const;
const TEAM_OPTION: OptionSpec = {
  type: 'string',
  value: 'TEAM',
  description: 'slug or id of the team whose role ROLE names (needed when several teams use the name)',
};

const create = command({
  name: 'create',
  summary: 'Make a role: a named bundle of scopes that clients of its team can hold',
  description:
    "A role may bundle scopes of several resource servers: those of the team's own APIs, and those\n" +
    "other teams' owners allowed it through an access request. Clients holding the role may\n" +
    'request every scope it bundles.',
  options: {
    name: { type: 'string', required: true, value: 'NAME', description: 'unique within the team' },
    team: {
      type: 'string',
      value: 'TEAM',
      description: 'slug or id of the owning team (default: none, admins only)',
    },
    description: { type: 'string', value: 'TEXT', description: 'what the role is for' },
    scope: {
      type: 'string',
      multiple: true,
      value: 'IDENTIFIER/SCOPE',
      description: 'a scope the role bundles',
    },
  },
  fields: { name: '--name', teamId: '--team', description: '--description', scopes: '--scope' },
  examples: [
    'gatehouse roles create --name order-reader --team orders \\',
    '    --scope lj-health-food/list-orders --scope billing/read-invoices',
  ],
  async run(inv) {
    const description = inv.string('description');
    const role = await inv.withGatehouse((g) =>
      g.roles.create(
        {
          name: inv.required('name'),
          teamId: inv.string('team') ?? null,
          scopes: inv.strings('scope'),
          ...(description !== undefined ? { description } : {}),
        },
        inv.actor,
      ),
    );
    inv.out.result('role', role, () => {
      inv.out.line(`Created role ${role.name} (${role.id}).`);
      inv.out.line();
      showRole(inv.out, role);
      inv.out.line();
      inv.out.line(`Give it to a client with: gatehouse clients roles add CLIENT ${role.name}`);
    });
  },
});

const list = command({
  name: 'list',
  summary: 'List roles (of one team with --team)',
  options: { team: { type: 'string', value: 'TEAM', description: 'slug or id of a team' } },
  examples: ['gatehouse roles list', 'gatehouse roles list --team orders --json'],
  async run(inv) {
    const roles = await inv.withGatehouse((g) => g.roles.list(inv.actor, inv.string('team')));
    inv.out.result('roles', roles, () => {
      if (roles.length === 0) {
        inv.out.line('No roles yet. Make one with: gatehouse roles create --name NAME --scope ID/SCOPE');
      } else inv.out.table(ROLE_HEADERS, roleRows(roles));
    });
  },
});

const lookup = (team: string | undefined) => (team === undefined ? {} : { team });

const show = command({
  name: 'show',
  summary: 'Show a role: its scopes and the clients that hold it',
  args: [ROLE_ARG],
  options: { team: TEAM_OPTION },
  examples: ['gatehouse roles show order-reader', 'gatehouse roles show order-reader --team orders --json'],
  async run(inv) {
    const role = await inv.withGatehouse((g) =>
      g.roles.get(inv.arg('ROLE'), inv.actor, lookup(inv.string('team'))),
    );
    inv.out.result('role', role, () => showRole(inv.out, role));
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete a role; its holders lose its scopes within a second',
  args: [ROLE_ARG],
  options: { team: TEAM_OPTION },
  examples: ['gatehouse roles delete order-reader'],
  async run(inv) {
    const ref = inv.arg('ROLE');
    await inv.withGatehouse((g) => g.roles.delete(ref, inv.actor, lookup(inv.string('team'))));
    inv.out.result('roleDeleted', { deleted: ref }, () => inv.out.line(`Deleted role ${ref}.`));
  },
});

function scopeChange(adding: boolean) {
  return command({
    name: adding ? 'add-scope' : 'remove-scope',
    summary: adding
      ? 'Add scopes to a role; its holders may request them within a second'
      : 'Remove scopes from a role; its holders are refused them within a second',
    args: [ROLE_ARG, SCOPE_ARG],
    options: { team: TEAM_OPTION },
    fields: { scopes: 'SCOPE' },
    examples: [
      `gatehouse roles ${adding ? 'add-scope' : 'remove-scope'} order-reader lj-health-food/list-orders`,
    ],
    async run(inv) {
      const scopes = inv.args('SCOPE');
      const role = await inv.withGatehouse((g) =>
        (adding ? g.roles.addScopes : g.roles.removeScopes).call(
          g.roles,
          inv.arg('ROLE'),
          { scopes },
          inv.actor,
          lookup(inv.string('team')),
        ),
      );
      inv.out.result('role', role, () => {
        inv.out.line(
          `${adding ? 'Added' : 'Removed'} ${scopes.join(' ')} ${adding ? 'to' : 'from'} role ${role.name}.`,
        );
        inv.out.line(`Scopes now: ${role.scopes.join(' ') || '(none)'}`);
      });
    },
  });
}

export const roles = group({
  name: 'roles',
  summary: 'Bundle scopes into named roles that clients hold',
  description:
    'A role is a named set of qualified scopes, owned by a team. A client holding a role may\n' +
    'request every scope in it; changes reach running servers within a second.',
  children: [create, list, show, remove, scopeChange(true), scopeChange(false)],
  examples: [
    'gatehouse roles create --name order-reader --team orders --scope lj-health-food/list-orders',
    'gatehouse clients roles add 2ql6v5v6fkqg4tkhh3a7tq2ylm order-reader',
  ],
});
