import type { PoolUser } from '@gatehouse/schemas';
import { ConflictError } from '../services/errors.js';
import type { Gatehouse } from '../services/gatehouse.js';
import type { Actor } from '../services/actor.js';
import { type Command, command, group } from './command.js';
import { UsageError } from './errors.js';
import { poolSessionCommands } from './pool-user-sessions.js';
import {
  PASSWORD_OPTIONS,
  passwordFrom,
  POOL_OPTION,
  USERNAME_ARG,
  USERNAME_OPTION,
  userRef,
} from './pool-options.js';
import { POOL_USER_HEADERS, poolUserRows, showPoolUser } from './user-pool-views.js';

/** Every command on one user: `--pool POOL USERNAME` (or `--username USERNAME`). */
export const ONE_USER = {
  args: [USERNAME_ARG],
  options: { pool: POOL_OPTION, username: USERNAME_OPTION },
} satisfies Pick<Command, 'args' | 'options'>;

const PASSWORD_FIELDS = { password: '--password' };

/** `name=value`, split at the first `=` (values may hold one). */
function parseAttributes(raw: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new UsageError(`--attribute must be NAME=VALUE, such as given_name=Kim; got "${item}"`);
    attributes[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return attributes;
}

const create = command({
  name: 'create',
  summary: 'Create a user in a pool',
  description:
    'With a password the user is CONFIRMED and can sign in at once; with --temporary they must\n' +
    'choose a new one at first sign-in (FORCE_CHANGE_PASSWORD). Without a password they cannot\n' +
    'sign in until one is set. The password comes from --password, --password-stdin or\n' +
    'GATEHOUSE_NEW_PASSWORD, and is never printed.',
  options: {
    pool: POOL_OPTION,
    username: { type: 'string', required: true, value: 'NAME', description: 'their username' },
    email: { type: 'string', value: 'EMAIL', description: 'their email address' },
    ...PASSWORD_OPTIONS,
    temporary: { type: 'boolean', description: 'the password must be changed at first sign-in' },
    'email-verified': { type: 'boolean', description: 'mark the email as verified' },
    attribute: {
      type: 'string',
      multiple: true,
      value: 'NAME=VALUE',
      description: 'a standard claim (given_name=Kim) or custom:NAME=VALUE',
    },
  },
  fields: {
    username: '--username',
    email: '--email',
    emailVerified: '--email-verified',
    attributes: '--attribute',
    ...PASSWORD_FIELDS,
  },
  examples: [
    'gatehouse user-pools users create --pool local_AbC123xyz --username kim --email kim@example.com --password-stdin',
    'GATEHOUSE_NEW_PASSWORD=... gatehouse user-pools users create --pool local_AbC123xyz --username lee \\',
    '    --email lee@example.com --temporary --attribute given_name=Lee',
  ],
  async run(inv) {
    const email = inv.string('email');
    const attributes = parseAttributes(inv.strings('attribute'));
    const password = await passwordFrom(inv);
    if (inv.flag('temporary') && password === undefined) {
      throw new UsageError(
        '--temporary needs a password (--password, --password-stdin or GATEHOUSE_NEW_PASSWORD)',
      );
    }
    const user = await inv.withGatehouse((g) =>
      g.poolUsers.create(
        inv.required('pool'),
        {
          username: inv.required('username'),
          ...(email !== undefined ? { email } : {}),
          ...(password !== undefined ? { password, temporaryPassword: inv.flag('temporary') } : {}),
          ...(inv.flag('email-verified') ? { emailVerified: true } : {}),
          attributes,
        },
        inv.actor,
      ),
    );
    inv.out.result('poolUser', user, () => {
      inv.out.line(`Created user ${user.username} (${user.sub}), ${user.status}.`);
      if (user.status === 'RESET_REQUIRED') {
        inv.out.line('They cannot sign in until a password is set: gatehouse user-pools users set-password');
      }
    });
  },
});

/**
 * Admin confirmation. A user who is already CONFIRMED (an admin gave them a password) stays as
 * they are, so scripts that create and then confirm run the same on every pool.
 */
async function confirmUser(g: Gatehouse, poolId: string, ref: string, actor: Actor) {
  try {
    return { user: await g.poolUsers.confirm(poolId, ref, actor), already: false };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const user = await g.poolUsers.get(poolId, ref, actor);
    if (user.status !== 'CONFIRMED') throw error;
    return { user, already: true };
  }
}

const confirm = command({
  name: 'confirm',
  summary: 'Confirm a user who signed up, without their emailed code',
  ...ONE_USER,
  examples: ['gatehouse user-pools users confirm --pool local_AbC123xyz kim'],
  async run(inv) {
    const ref = userRef(inv);
    const { user, already } = await inv.withGatehouse((g) =>
      confirmUser(g, inv.required('pool'), ref, inv.actor),
    );
    inv.out.result('poolUser', user, () =>
      inv.out.line(
        already
          ? `User ${user.username} was already confirmed.`
          : `Confirmed user ${user.username}; they can sign in.`,
      ),
    );
  },
});

const list = command({
  name: 'list',
  summary: "List a pool's users",
  options: {
    pool: POOL_OPTION,
    search: { type: 'string', value: 'PREFIX', description: 'usernames or emails starting with this' },
    limit: { type: 'string', value: 'N', description: 'at most this many, 1 to 1000 (default 100)' },
  },
  fields: { search: '--search', limit: '--limit' },
  examples: [
    'gatehouse user-pools users list --pool local_AbC123xyz',
    'gatehouse user-pools users list --pool local_AbC123xyz --search kim --json',
  ],
  async run(inv) {
    const search = inv.string('search');
    const limit = inv.integer('limit', 'users');
    const users = await inv.withGatehouse((g) =>
      g.poolUsers.list(inv.required('pool'), inv.actor, {
        ...(search !== undefined ? { search } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    );
    inv.out.result('poolUsers', users, () => {
      if (users.length === 0) inv.out.line(search ? `No users match "${search}".` : 'No users yet.');
      else inv.out.table(POOL_USER_HEADERS, poolUserRows(users));
    });
  },
});

const show = command({
  name: 'show',
  summary: 'Show one user, their status and groups',
  ...ONE_USER,
  examples: ['gatehouse user-pools users show --pool local_AbC123xyz kim'],
  async run(inv) {
    const ref = userRef(inv);
    const user = await inv.withGatehouse((g) => g.poolUsers.get(inv.required('pool'), ref, inv.actor));
    inv.out.result('poolUser', user, () => showPoolUser(inv.out, user));
  },
});

function setEnabled(enabled: boolean) {
  return command({
    name: enabled ? 'enable' : 'disable',
    summary: enabled
      ? 'Let a disabled user sign in again'
      : 'Stop a user signing in; ends their sessions and refresh tokens',
    ...ONE_USER,
    examples: [`gatehouse user-pools users ${enabled ? 'enable' : 'disable'} --pool local_AbC123xyz kim`],
    async run(inv) {
      const poolId = inv.required('pool');
      const ref = userRef(inv);
      const user = await inv.withGatehouse((g) =>
        enabled ? g.poolUsers.enable(poolId, ref, inv.actor) : g.poolUsers.disable(poolId, ref, inv.actor),
      );
      inv.out.result('poolUser', user, () =>
        inv.out.line(
          enabled
            ? `Enabled user ${user.username}; they can sign in again.`
            : `Disabled user ${user.username}; their sessions and refresh tokens have ended.`,
        ),
      );
    },
  });
}

const remove = command({
  name: 'delete',
  summary: 'Delete a user with their sessions, tokens and group memberships',
  ...ONE_USER,
  examples: ['gatehouse user-pools users delete --pool local_AbC123xyz kim'],
  async run(inv) {
    const poolId = inv.required('pool');
    const ref = userRef(inv);
    await inv.withGatehouse((g) => g.poolUsers.delete(poolId, ref, inv.actor));
    inv.out.result('poolUserDeleted', { deleted: ref, poolId }, () =>
      inv.out.line(`Deleted user ${ref} from user pool ${poolId}.`),
    );
  },
});

const setPassword = command({
  name: 'set-password',
  summary: "Set a user's password; ends their sessions and refresh tokens",
  description:
    'The password comes from --password, --password-stdin or GATEHOUSE_NEW_PASSWORD and is never\n' +
    'printed. It is permanent (the user is CONFIRMED) unless --temporary, when the user must\n' +
    'choose a new one at their next sign-in (FORCE_CHANGE_PASSWORD).',
  args: ONE_USER.args,
  options: {
    ...ONE_USER.options,
    ...PASSWORD_OPTIONS,
    temporary: { type: 'boolean', description: 'the user must change it at their next sign-in' },
  },
  fields: PASSWORD_FIELDS,
  examples: [
    'gatehouse user-pools users set-password --pool local_AbC123xyz kim --password-stdin < password.txt',
    'GATEHOUSE_NEW_PASSWORD=... gatehouse user-pools users set-password --pool local_AbC123xyz kim --temporary',
  ],
  async run(inv) {
    const ref = userRef(inv);
    const password = await passwordFrom(inv);
    if (password === undefined) {
      throw new UsageError('a password is needed: --password, --password-stdin or GATEHOUSE_NEW_PASSWORD');
    }
    const user: PoolUser = await inv.withGatehouse((g) =>
      g.poolUsers.setPassword(
        inv.required('pool'),
        ref,
        { password, permanent: !inv.flag('temporary') },
        inv.actor,
      ),
    );
    inv.out.result('poolUser', user, () =>
      inv.out.line(
        `Set the password of ${user.username} (${user.status}); their sessions and refresh tokens have ended.`,
      ),
    );
  },
});

export const poolUsers = group({
  name: 'users',
  summary: 'People in a pool: create, confirm, disable, passwords and sessions',
  children: [
    create,
    confirm,
    list,
    show,
    setEnabled(false),
    setEnabled(true),
    remove,
    setPassword,
    ...poolSessionCommands,
  ],
  examples: [
    'gatehouse user-pools users create --pool local_AbC123xyz --username kim --email kim@example.com --password-stdin',
    'gatehouse user-pools users confirm --pool local_AbC123xyz kim',
  ],
});
