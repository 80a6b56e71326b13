import { type AccessKey, shellQuote } from '@gatehouse/schemas';
import { command, group } from './command.js';
import type { Invocation } from './invocation.js';

const KEY_ARG = { name: 'ACCESS_KEY_ID', description: 'the access key id (GHAK…)' } as const;
const HEADERS = ['ACCESS KEY ID', 'TEAM', 'NAME', 'ENABLED', 'CREATED', 'LAST USED'] as const;

const rows = (keys: readonly AccessKey[]) =>
  keys.map((k) => [
    k.accessKeyId,
    k.teamId ?? '(platform admin)',
    k.name || '-',
    k.enabled ? 'yes' : 'no',
    k.createdAt,
    k.lastUsedAt ?? '-',
  ]);

const create = command({
  name: 'create',
  summary: 'Create an access key that signs calls to the Cognito API (AWS SigV4)',
  description:
    "A team's key reaches that team's user pools and resource servers only; --admin makes a key " +
    'that reaches every pool, as a platform admin. The secret is shown only this once.',
  options: {
    team: { type: 'string', value: 'TEAM', description: 'slug or id of the team the key acts for' },
    admin: { type: 'boolean', description: "a platform admin's key, reaching every team's pools" },
    name: { type: 'string', value: 'NAME', description: 'what the key is for' },
    description: { type: 'string', value: 'TEXT', description: 'a longer note' },
  },
  fields: { team: '--team', platformAdmin: '--admin', name: '--name', description: '--description' },
  examples: [
    'gatehouse access-keys create --team orders --name ci',
    'gatehouse access-keys create --admin --name platform-scripts --json',
  ],
  async run(inv) {
    const team = inv.string('team');
    const name = inv.string('name');
    const description = inv.string('description');
    const created = await inv.withGatehouse((g) =>
      g.accessKeys.create(
        {
          ...(team !== undefined ? { team } : {}),
          platformAdmin: inv.flag('admin'),
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
        },
        inv.actor,
      ),
    );
    inv.out.result('accessKeyCreated', created, () => {
      const out = inv.out;
      out.line(`Created access key ${created.accessKeyId}.`);
      out.line();
      out.block([
        ['accessKeyId', created.accessKeyId],
        ['secretAccessKey', created.secretAccessKey],
        ['acts for', created.teamId === null ? 'every team (platform admin)' : `team ${created.teamId}`],
      ]);
      out.line();
      out.line('WARNING: the secret access key is shown only this once. Store it now; lost it? Delete');
      out.line('the key and create another.');
      out.line();
      out.line('Use it with the AWS CLI or SDKs, pointed at this Gatehouse:');
      out.line(`  export AWS_ACCESS_KEY_ID=${shellQuote(created.accessKeyId)}`);
      out.line(`  export AWS_SECRET_ACCESS_KEY=${shellQuote(created.secretAccessKey)}`);
      out.line('  aws cognito-idp list-user-pools --max-results 10 --endpoint-url http://localhost:4455');
    });
  },
});

const list = command({
  name: 'list',
  summary: 'List access keys (never their secrets)',
  examples: ['gatehouse access-keys list', 'gatehouse access-keys list --json'],
  async run(inv) {
    const keys = await inv.withGatehouse((g) => g.accessKeys.list(inv.actor));
    inv.out.result('accessKeys', keys, () => {
      if (keys.length === 0) inv.out.line('No access keys yet.');
      else inv.out.table(HEADERS, rows(keys));
    });
  },
});

function toggle(enabled: boolean) {
  return command({
    name: enabled ? 'enable' : 'disable',
    summary: enabled ? 'Let a disabled key sign calls again' : 'Refuse calls signed with a key, keeping it',
    args: [KEY_ARG],
    examples: [`gatehouse access-keys ${enabled ? 'enable' : 'disable'} GHAKEXAMPLE234567ABC`],
    async run(inv: Invocation) {
      const id = inv.arg('ACCESS_KEY_ID');
      const key = await inv.withGatehouse((g) => g.accessKeys.update(id, { enabled }, inv.actor));
      inv.out.result('accessKey', key, () =>
        inv.out.line(`Access key ${key.accessKeyId} is ${enabled ? 'enabled' : 'disabled'}.`),
      );
    },
  });
}

const remove = command({
  name: 'delete',
  summary: 'Delete an access key; calls signed with it are refused from now on',
  args: [KEY_ARG],
  examples: ['gatehouse access-keys delete GHAKEXAMPLE234567ABC'],
  async run(inv) {
    const id = inv.arg('ACCESS_KEY_ID');
    await inv.withGatehouse((g) => g.accessKeys.delete(id, inv.actor));
    inv.out.result('accessKeyDeleted', { deleted: id }, () => inv.out.line(`Deleted access key ${id}.`));
  },
});

export const accessKeys = group({
  name: 'access-keys',
  summary: 'Access keys for the Cognito API: AWS SDKs and the AWS CLI sign calls with them',
  children: [create, list, toggle(false), toggle(true), remove],
  examples: ['gatehouse access-keys create --team orders --json', 'gatehouse access-keys list'],
});
