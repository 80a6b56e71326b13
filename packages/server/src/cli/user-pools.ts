import { type CreateUserPoolInput, shellQuote } from '@gatehouse/schemas';
import { command, group } from './command.js';
import { OWNING_TEAM_OPTION } from './options.js';
import { poolGroups } from './pool-groups.js';
import { POOL_ALT_OPTION, POOL_ARG, poolRef } from './pool-options.js';
import { poolUsers } from './pool-users.js';
import { userPoolClients } from './user-pool-clients.js';
import {
  POOL_SETTING_FIELDS,
  POOL_SETTING_OPTIONS,
  POOL_UPDATE_OPTIONS,
  poolSettingsFromFlags,
} from './user-pool-flags.js';
import { POOL_HEADERS, poolRows, showPool } from './user-pool-views.js';

const create = command({
  name: 'create',
  summary: 'Create a user pool: a directory of people with its own issuer; prints its id',
  description:
    "The pool id has Cognito's shape (<region>_<9 letters and digits>). Its issuer is\n" +
    '<issuer>/pools/<id>, where apps find its discovery document, sign-in pages and tokens.',
  options: {
    name: { type: 'string', required: true, value: 'NAME', description: 'display name' },
    team: OWNING_TEAM_OPTION,
    ...POOL_SETTING_OPTIONS,
  },
  fields: POOL_SETTING_FIELDS,
  examples: [
    'gatehouse user-pools create --name "LJ Health Food customers" --self-sign-up',
    'gatehouse user-pools create --name staff --team shop --sign-in-with email --min-password-length 14',
    'POOL=$(gatehouse user-pools create --name test --auto-confirm --min-password-length 8 --json | jq -r .id)',
  ],
  async run(inv) {
    const team = inv.string('team');
    // Create has no --no-* or --clear-branding flags, so no setting here is null.
    const settings = poolSettingsFromFlags(inv) as Omit<CreateUserPoolInput, 'name'>;
    const pool = await inv.withGatehouse((g) =>
      g.userPools.create(
        { name: inv.required('name'), ...(team !== undefined ? { team } : {}), ...settings },
        inv.actor,
      ),
    );
    inv.out.result('userPool', pool, () => {
      inv.out.line(`Created user pool ${pool.id} (${pool.name}).`);
      inv.out.line();
      showPool(inv.out, pool);
      inv.out.line();
      inv.out.line('Next, register the app that signs people in through it:');
      inv.out.line(
        `  gatehouse user-pools clients create --pool ${shellQuote(pool.id)} --name web \\\n` +
          '      --redirect-uri https://app.example.com/callback',
      );
    });
  },
});

const list = command({
  name: 'list',
  summary: 'List user pools',
  examples: ['gatehouse user-pools list', 'gatehouse user-pools list --json'],
  async run(inv) {
    const pools = await inv.withGatehouse((g) => g.userPools.list(inv.actor));
    inv.out.result('userPools', pools, () => {
      if (pools.length === 0)
        inv.out.line('No user pools yet. Create one with: gatehouse user-pools create --name NAME');
      else inv.out.table(POOL_HEADERS, poolRows(pools));
    });
  },
});

const show = command({
  name: 'show',
  summary: 'Show a user pool and its settings',
  args: [POOL_ARG],
  options: { pool: POOL_ALT_OPTION },
  examples: ['gatehouse user-pools show local_AbC123xyz'],
  async run(inv) {
    const id = poolRef(inv);
    const pool = await inv.withGatehouse((g) => g.userPools.get(id, inv.actor));
    inv.out.result('userPool', pool, () => showPool(inv.out, pool));
  },
});

const update = command({
  name: 'update',
  summary: 'Change a user pool’s name or settings; what is not named stays as it is',
  args: [POOL_ARG],
  options: {
    pool: POOL_ALT_OPTION,
    name: { type: 'string', value: 'NAME', description: 'new display name' },
    ...POOL_SETTING_OPTIONS,
    ...POOL_UPDATE_OPTIONS,
  },
  fields: POOL_SETTING_FIELDS,
  examples: [
    'gatehouse user-pools update local_AbC123xyz --no-self-sign-up',
    'gatehouse user-pools update local_AbC123xyz --display-name "LJ Health Food" --primary-color "#2e7d32"',
  ],
  async run(inv) {
    const name = inv.string('name');
    const change = { ...(name !== undefined ? { name } : {}), ...poolSettingsFromFlags(inv) };
    const id = poolRef(inv);
    const pool = await inv.withGatehouse((g) => g.userPools.update(id, change, inv.actor));
    inv.out.result('userPool', pool, () => {
      inv.out.line(`Updated user pool ${pool.id}.`);
      inv.out.line();
      showPool(inv.out, pool);
    });
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete a user pool with its app clients, users, groups and sessions',
  args: [POOL_ARG],
  options: { pool: POOL_ALT_OPTION },
  examples: ['gatehouse user-pools delete local_AbC123xyz'],
  async run(inv) {
    const id = poolRef(inv);
    await inv.withGatehouse((g) => g.userPools.delete(id, inv.actor));
    inv.out.result('userPoolDeleted', { deleted: id }, () =>
      inv.out.line(`Deleted user pool ${id}, with its app clients, users and groups.`),
    );
  },
});

export const userPools = group({
  name: 'user-pools',
  summary: 'Sign people in: user pools, their app clients, users and groups',
  description:
    'A user pool is a directory of people with its own OpenID Connect issuer and hosted sign-in\n' +
    'pages; app clients are the applications that sign people in through it.',
  children: [create, list, show, update, remove, userPoolClients, poolUsers, poolGroups],
  examples: [
    'gatehouse user-pools create --name customers --self-sign-up',
    'gatehouse user-pools clients create --pool local_AbC123xyz --name web --redirect-uri https://app.example.com/cb',
    'gatehouse user-pools users create --pool local_AbC123xyz --username kim --email kim@example.com --password-stdin',
  ],
});
