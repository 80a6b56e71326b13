import { shellQuote } from '@gatehouse/schemas';
import { command, group } from './command.js';
import type { Invocation } from './invocation.js';
import { UsageError } from './errors.js';
import { argOrFlag, POOL_OPTION, USERNAME_ARG, USERNAME_OPTION } from './pool-options.js';
import { POOL_GROUP_HEADERS, poolGroupRows } from './user-pool-views.js';

/** The group may be named as the argument or with --name / --group, as scripts prefer. */
const GROUP_ARG = {
  name: 'GROUP',
  optional: true,
  description: 'the group name (or give it with the flag)',
} as const;

const groupOf = (inv: Invocation, flag: string) => argOrFlag(inv, 'GROUP', flag);

const create = command({
  name: 'create',
  summary: 'Create a group; its members carry it in cognito:groups and groups claims',
  args: [GROUP_ARG],
  options: {
    pool: POOL_OPTION,
    name: { type: 'string', value: 'NAME', description: 'the group name, when not given as the argument' },
    description: { type: 'string', value: 'TEXT', description: 'what membership means' },
    precedence: {
      type: 'string',
      value: 'N',
      description: 'lower wins when a user is in several groups (Cognito role precedence)',
    },
  },
  fields: { name: 'GROUP', description: '--description', precedence: '--precedence' },
  examples: [
    'gatehouse user-pools groups create --pool local_AbC123xyz --name admins --description "Shop admins"',
    'gatehouse user-pools groups create --pool local_AbC123xyz editors --precedence 10',
  ],
  async run(inv) {
    const description = inv.string('description');
    const precedence = inv.integer('precedence', 'steps');
    const name = groupOf(inv, 'name');
    const created = await inv.withGatehouse((g) =>
      g.poolGroups.create(
        inv.required('pool'),
        {
          name,
          ...(description !== undefined ? { description } : {}),
          ...(precedence !== undefined ? { precedence } : {}),
        },
        inv.actor,
      ),
    );
    inv.out.result('poolGroup', created, () => {
      inv.out.line(`Created group ${created.name} in user pool ${created.poolId}.`);
      inv.out.line('Add people to it with:');
      inv.out.line(
        `  gatehouse user-pools groups add-user --pool ${shellQuote(created.poolId)} ${shellQuote(created.name)} USERNAME`,
      );
    });
  },
});

const list = command({
  name: 'list',
  summary: "List a pool's groups",
  options: { pool: POOL_OPTION },
  examples: ['gatehouse user-pools groups list --pool local_AbC123xyz'],
  async run(inv) {
    const groups = await inv.withGatehouse((g) => g.poolGroups.list(inv.required('pool'), inv.actor));
    inv.out.result('poolGroups', groups, () => {
      if (groups.length === 0) inv.out.line('No groups yet.');
      else inv.out.table(POOL_GROUP_HEADERS, poolGroupRows(groups));
    });
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete a group; its members leave it',
  args: [GROUP_ARG],
  options: { pool: POOL_OPTION, name: { type: 'string', value: 'NAME', description: 'the group name' } },
  examples: ['gatehouse user-pools groups delete --pool local_AbC123xyz editors'],
  async run(inv) {
    const poolId = inv.required('pool');
    const name = groupOf(inv, 'name');
    await inv.withGatehouse((g) => g.poolGroups.delete(poolId, name, inv.actor));
    inv.out.result('poolGroupDeleted', { deleted: name, poolId }, () =>
      inv.out.line(`Deleted group ${name} from user pool ${poolId}.`),
    );
  },
});

/**
 * `add-user admins kim`, `add-user --group admins kim` and `add-user --group admins --username
 * kim` all work: the flags take their values first, the arguments fill what is left in order.
 */
function groupAndUser(inv: Invocation): { name: string; ref: string } {
  const given = [...inv.args('GROUP'), ...inv.args('USERNAME')];
  const name = inv.string('group') ?? given.shift();
  const ref = inv.string('username') ?? given.shift();
  if (given.length > 0)
    throw new UsageError(`unexpected argument "${given[0]}": the group and user are already named`);
  if (name === undefined) throw new UsageError('missing argument GROUP (or --group)');
  if (ref === undefined) throw new UsageError('missing argument USERNAME (or --username)');
  return { name, ref };
}

function membership(change: 'add' | 'remove') {
  const adding = change === 'add';
  return command({
    name: adding ? 'add-user' : 'remove-user',
    summary: adding ? 'Put a user in a group' : 'Take a user out of a group',
    description: 'Tokens issued from now on carry the change; tokens already issued keep their groups.',
    args: [GROUP_ARG, USERNAME_ARG],
    options: {
      pool: POOL_OPTION,
      group: { type: 'string', value: 'GROUP', description: 'the group, when not given as the argument' },
      username: USERNAME_OPTION,
    },
    examples: [
      `gatehouse user-pools groups ${adding ? 'add-user' : 'remove-user'} --pool local_AbC123xyz admins kim`,
      `gatehouse user-pools groups ${adding ? 'add-user' : 'remove-user'} --pool local_AbC123xyz --group admins --username kim`,
    ],
    async run(inv) {
      const poolId = inv.required('pool');
      const { name, ref } = groupAndUser(inv);
      const answer = await inv.withGatehouse(async (g) => {
        const groups = adding
          ? await g.poolGroups.addUser(poolId, name, ref, inv.actor)
          : await g.poolGroups.removeUser(poolId, name, ref, inv.actor);
        const { username } = await g.poolUsers.get(poolId, ref, inv.actor);
        return { poolId, group: name, username, groups };
      });
      inv.out.result('poolGroupMembership', answer, () =>
        inv.out.line(
          `${adding ? 'Added' : 'Removed'} ${answer.username} ${adding ? 'to' : 'from'} group ${name}; ` +
            `their groups: ${answer.groups.join(', ') || '(none)'}.`,
        ),
      );
    },
  });
}

export const poolGroups = group({
  name: 'groups',
  summary: 'Groups in a pool; tokens carry them as groups and cognito:groups',
  children: [create, list, remove, membership('add'), membership('remove')],
  examples: [
    'gatehouse user-pools groups create --pool local_AbC123xyz --name admins',
    'gatehouse user-pools groups add-user --pool local_AbC123xyz admins kim',
  ],
});
