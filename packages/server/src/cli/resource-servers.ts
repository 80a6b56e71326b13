import { SIGNING_ALGS, shellQuote, TOKEN_PROFILES } from '@gatehouse/schemas';
import { command, group, type OptionSpec } from './command.js';
import type { Invocation } from './invocation.js';
import { NAME_OPTION, OWNING_TEAM_OPTION } from './options.js';
import { summarise } from './output.js';
import { parseScopeSpec, showResourceServer } from './resource-server-views.js';
import { resourceServerClaims } from './custom-claims.js';
import { tokenHook } from './token-hooks.js';

const ID_ARG = { name: 'ID', description: 'the identifier (or rs_ id) of the resource server' } as const;

/** The settings `create` and `update` share, and how their API fields map to the flags. */
const SETTINGS_OPTIONS = {
  description: { type: 'string', value: 'TEXT', description: 'what the API is for' },
  'token-ttl': {
    type: 'string',
    value: 'SECONDS',
    description: 'access-token lifetime, 60 to 86400 (default 3600)',
  },
  alg: {
    type: 'string',
    value: SIGNING_ALGS.join('|'),
    description: 'token signing algorithm (default ES256)',
  },
  'token-profile': {
    type: 'string',
    value: TOKEN_PROFILES.join('|'),
    description:
      'rfc9068 (default): scopes by short name; cognito: qualified scopes (lj-health-food/place-order), token_use, auth_time and version, as Amazon Cognito issues them',
  },
} as const satisfies Record<string, OptionSpec>;
const SETTINGS_FIELDS = {
  name: '--name',
  description: '--description',
  tokenTtl: '--token-ttl',
  signingAlg: '--alg',
  tokenProfile: '--token-profile',
} as const;

/** The settings given on the command line; what is left out keeps its default or current value. */
function settingsOf(inv: Invocation) {
  const tokenTtl = inv.integer('token-ttl');
  const signingAlg = inv.choice('alg', SIGNING_ALGS);
  const tokenProfile = inv.choice('token-profile', TOKEN_PROFILES);
  const description = inv.string('description');
  return {
    ...(description !== undefined ? { description } : {}),
    ...(tokenTtl !== undefined ? { tokenTtl } : {}),
    ...(signingAlg !== undefined ? { signingAlg } : {}),
    ...(tokenProfile !== undefined ? { tokenProfile } : {}),
  };
}

const create = command({
  name: 'create',
  summary: 'Register an API that accepts tokens, with its scopes',
  description:
    'The identifier becomes the aud claim of tokens for this API. Clients ask for its scopes as\n' +
    '<identifier>/<scope> (or resource=<identifier> with short scope names).',
  options: {
    identifier: {
      type: 'string',
      required: true,
      value: 'ID',
      description: 'absolute URI (https://orders.example.com) or short name (lj-health-food)',
    },
    name: NAME_OPTION,
    team: OWNING_TEAM_OPTION,
    scope: {
      type: 'string',
      multiple: true,
      value: 'NAME[=DESCRIPTION]',
      description: 'a scope the API defines',
    },
    ...SETTINGS_OPTIONS,
  },
  fields: { identifier: '--identifier', scopes: '--scope', ...SETTINGS_FIELDS },
  examples: [
    'gatehouse resource-servers create --identifier lj-health-food --name "LJ Health Food" \\',
    '    --scope "place-order=Place an order" --scope list-orders',
    'gatehouse resource-servers create --identifier https://orders.example.com --name Orders \\',
    '    --scope read --token-ttl 900 --alg RS256',
    'gatehouse resource-servers create --identifier lj-health-food --name "LJ Health Food" \\',
    '    --scope place-order --token-profile cognito',
  ],
  async run(inv) {
    // Read (and so check) every flag before the store opens: a usage mistake opens nothing.
    const settings = settingsOf(inv);
    const server = await inv.withGatehouse((g) =>
      g.resourceServers.create(
        {
          identifier: inv.required('identifier'),
          name: inv.required('name'),
          scopes: inv.strings('scope').map(parseScopeSpec),
          ...settings,
        },
        inv.actor,
        { teamId: inv.string('team') ?? null },
      ),
    );
    inv.out.result('resourceServer', server, () => {
      inv.out.line(`Created resource server ${server.identifier}.`);
      inv.out.line();
      showResourceServer(inv.out, server);
      const first = server.scopes[0]?.name ?? 'SCOPE';
      inv.out.line();
      inv.out.line('Next, register a client that may call it:');
      inv.out.line(
        `  gatehouse clients create --name my-service --scope ${shellQuote(`${server.identifier}/${first}`)}`,
      );
    });
  },
});

const list = command({
  name: 'list',
  summary: 'List resource servers and their scopes',
  examples: ['gatehouse resource-servers list', 'gatehouse resource-servers list --json'],
  async run(inv) {
    const servers = await inv.withGatehouse((g) => g.resourceServers.list(inv.actor));
    inv.out.result('resourceServers', servers, () =>
      inv.out.table(
        ['IDENTIFIER', 'NAME', 'SCOPES', 'ALG', 'PROFILE', 'TTL', 'CREATED'],
        servers.map((s) => [
          s.identifier,
          s.builtIn ? `${s.name} (built in)` : s.name,
          summarise(s.scopes.map((scope) => scope.name)),
          s.signingAlg,
          s.tokenProfile,
          `${s.tokenTtl}s`,
          s.createdAt,
        ]),
      ),
    );
  },
});

const show = command({
  name: 'show',
  summary: 'Show one resource server',
  args: [ID_ARG],
  examples: ['gatehouse resource-servers show lj-health-food'],
  async run(inv) {
    const server = await inv.withGatehouse((g) => g.resourceServers.get(inv.arg('ID'), inv.actor));
    inv.out.result('resourceServer', server, () => showResourceServer(inv.out, server));
  },
});

const update = command({
  name: 'update',
  summary: "Change a resource server's name, description, token lifetime, algorithm, token profile or team",
  description:
    'Tokens issued from the next request on follow the new settings; tokens already issued keep\n' +
    'theirs until they expire. The identifier (the aud of its tokens) never changes.\n' +
    '--alg switches only once a key of that algorithm has been in the JWKS for 10 minutes, so\n' +
    'verifiers already hold it; `gatehouse keys rotate --alg ALG --prepublish` readies a new one.\n' +
    '--team moves the API to another team (the operator may always; in the portal and the API,\n' +
    'members of both teams and platform admins may).',
  args: [ID_ARG],
  options: {
    name: { type: 'string', value: 'NAME', description: 'display name' },
    ...SETTINGS_OPTIONS,
    team: { type: 'string', value: 'TEAM', description: 'slug or id of the team that will own it' },
  },
  fields: { ...SETTINGS_FIELDS, teamId: '--team' },
  examples: [
    'gatehouse resource-servers update lj-health-food --token-profile cognito',
    'gatehouse resource-servers update lj-health-food --token-ttl 900',
    'gatehouse resource-servers update lj-health-food --alg RS256',
    'gatehouse resource-servers update lj-health-food --team shop',
  ],
  async run(inv) {
    const name = inv.string('name');
    const team = inv.string('team');
    const change = {
      ...(name !== undefined ? { name } : {}),
      ...settingsOf(inv),
      ...(team !== undefined ? { teamId: team } : {}),
    };
    const server = await inv.withGatehouse((g) => g.resourceServers.update(inv.arg('ID'), change, inv.actor));
    inv.out.result('resourceServer', server, () => {
      inv.out.line(`Updated resource server ${server.identifier}.`);
      inv.out.line();
      showResourceServer(inv.out, server);
    });
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete a resource server (--force also removes clients’ permissions on it)',
  args: [ID_ARG],
  options: {
    force: {
      type: 'boolean',
      description: 'delete even if clients hold permissions on it, removing those permissions',
    },
  },
  examples: [
    'gatehouse resource-servers delete lj-health-food',
    'gatehouse resource-servers delete lj-health-food --force',
  ],
  async run(inv) {
    const id = inv.arg('ID');
    const result = await inv.withGatehouse((g) =>
      g.resourceServers.delete(id, { force: inv.flag('force') }, inv.actor),
    );
    const from = result.removedPermissionsFrom;
    // removedGrantsFrom is the previous release's name, kept for one more release.
    inv.out.result(
      'resourceServerDeleted',
      { deleted: id, removedPermissionsFrom: from, removedGrantsFrom: from },
      () => {
        inv.out.line(`Deleted resource server ${id}.`);
        if (from.length > 0) {
          inv.out.line(`Removed its permissions from ${from.length} client(s): ${from.join(', ')}`);
        }
      },
    );
  },
});

const addScope = command({
  name: 'add',
  summary: 'Add a scope to a resource server',
  args: [ID_ARG, { name: 'NAME[=DESCRIPTION]', description: 'the scope, optionally with a description' }],
  fields: { name: 'NAME[=DESCRIPTION]', description: 'NAME[=DESCRIPTION]' },
  examples: ['gatehouse resource-servers scopes add lj-health-food "cancel-order=Cancel an order"'],
  async run(inv) {
    const scope = parseScopeSpec(inv.arg('NAME[=DESCRIPTION]'));
    const server = await inv.withGatehouse((g) =>
      g.resourceServers.addScope(inv.arg('ID'), scope, inv.actor),
    );
    inv.out.result('resourceServer', server, () => {
      inv.out.line(`Added scope ${scope.name} to ${server.identifier}.`);
      inv.out.line();
      showResourceServer(inv.out, server);
    });
  },
});

const removeScope = command({
  name: 'remove',
  summary: 'Remove a scope, and every client’s permission of it',
  args: [ID_ARG, { name: 'NAME', description: 'the scope name' }],
  examples: ['gatehouse resource-servers scopes remove lj-health-food cancel-order'],
  async run(inv) {
    const name = inv.arg('NAME');
    const server = await inv.withGatehouse((g) =>
      g.resourceServers.removeScope(inv.arg('ID'), name, inv.actor),
    );
    inv.out.result('resourceServer', server, () => {
      inv.out.line(`Removed scope ${name} from ${server.identifier}; clients no longer hold it.`);
      inv.out.line();
      showResourceServer(inv.out, server);
    });
  },
});

export const resourceServers = group({
  name: 'resource-servers',
  summary: 'Register the APIs that accept tokens, and their scopes',
  description: 'A resource server is an API; its identifier is the aud of the tokens issued for it.',
  children: [
    create,
    list,
    show,
    update,
    remove,
    group({ name: 'scopes', summary: 'Add or remove scopes', children: [addScope, removeScope] }),
    resourceServerClaims,
    tokenHook,
  ],
  examples: [
    'gatehouse resource-servers create --identifier lj-health-food --name "LJ Health Food" --scope place-order',
    'gatehouse resource-servers list',
  ],
});
