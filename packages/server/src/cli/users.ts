import { command, group } from './command.js';
import { disable, enable, endSessions, remove, sessions, setPassword } from './user-accounts.js';

const list = command({
  name: 'list',
  summary: 'List portal accounts',
  examples: ['gatehouse users list'],
  async run(inv) {
    const users = await inv.withGatehouse((g) => g.users.list(inv.actor));
    inv.out.result('users', users, () =>
      inv.out.table(
        ['EMAIL', 'NAME', 'ADMIN', 'SIGN-IN', 'LAST SIGN-IN', 'STATUS'],
        users.map((u) => [
          u.email,
          u.name,
          u.isAdmin ? 'yes' : 'no',
          u.source,
          u.lastSignInAt ?? '-',
          u.disabledAt === null ? 'enabled' : 'disabled',
        ]),
      ),
    );
  },
});

const create = command({
  name: 'create',
  summary: 'Create a portal account with a password (read from GATEHOUSE_NEW_PASSWORD)',
  description:
    'The password comes from the environment, not a flag, so it stays out of shell history\n' +
    'and process lists. It must be at least 12 characters.',
  options: {
    email: { type: 'string', required: true, value: 'EMAIL', description: 'their email address' },
    name: { type: 'string', required: true, value: 'NAME', description: 'their name' },
    admin: { type: 'boolean', description: 'make them a platform admin' },
  },
  fields: { email: '--email', name: '--name', password: 'GATEHOUSE_NEW_PASSWORD', isAdmin: '--admin' },
  examples: ['GATEHOUSE_NEW_PASSWORD=... gatehouse users create --email kim@example.com --name Kim'],
  async run(inv) {
    const user = await inv.withGatehouse((g) =>
      g.users.create(
        {
          email: inv.required('email'),
          name: inv.required('name'),
          password: process.env.GATEHOUSE_NEW_PASSWORD ?? '',
          isAdmin: inv.flag('admin'),
        },
        inv.actor,
      ),
    );
    inv.out.result('user', user, () =>
      inv.out.line(`Created ${user.isAdmin ? 'platform admin' : 'user'} ${user.email}.`),
    );
  },
});

export const users = group({
  name: 'users',
  summary: 'Portal accounts with passwords (people using single sign-on appear on first sign-in)',
  children: [list, create, setPassword, disable, enable, remove, sessions, endSessions],
});
