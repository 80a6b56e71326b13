import { GRANT_TYPES, type GrantType, TOKEN_ENDPOINT_AUTH_METHODS, shellQuote } from '@gatehouse/schemas';
import { effectiveIssuer } from '../config.js';
import { clientPermission } from './client-permissions.js';
import { clientRoles } from './client-roles.js';
import { clientSecrets } from './client-secrets.js';
import { CLIENT_HEADERS, clientRows, curlExample, showClient } from './client-views.js';
import { command, group } from './command.js';
import { CLIENT_ID_ARG, NAME_OPTION, OWNING_TEAM_OPTION } from './options.js';
import { clientLimits } from './rate-limits.js';
import { clientClaims } from './custom-claims.js';
import { readJwks } from './jwks-file.js';
import type { Invocation } from './invocation.js';

async function createClient(inv: Invocation): Promise<void> {
  const tokenTtl = inv.integer('token-ttl');
  const secretExpiresIn = inv.integer('secret-expires-in');
  const authMethod = inv.choice('auth-method', TOKEN_ENDPOINT_AUTH_METHODS);
  const jwksFile = inv.string('jwks');
  const jwks = jwksFile === undefined ? undefined : readJwks(jwksFile);
  const jwksUri = inv.string('jwks-uri');
  const description = inv.string('description');
  const grantTypes = inv.strings('grant-type');
  const { created, tokenEndpoint } = await inv.withGatehouse(async (g, config) => ({
    created: await g.clients.create(
      {
        name: inv.required('name'),
        scopes: inv.strings('scope'),
        ...(description !== undefined ? { description } : {}),
        ...(authMethod !== undefined ? { authMethod } : {}),
        // Checked by the service, which names the types it knows when one is wrong.
        ...(grantTypes.length > 0 ? { grantTypes: grantTypes as GrantType[] } : {}),
        ...(tokenTtl !== undefined ? { tokenTtl } : {}),
        ...(secretExpiresIn !== undefined ? { secretExpiresIn } : {}),
        ...(jwks !== undefined ? { jwks } : {}),
        ...(jwksUri !== undefined ? { jwksUri } : {}),
      },
      inv.actor,
      { teamId: inv.string('team') ?? null },
    ),
    tokenEndpoint: effectiveIssuer(config) + (await import('../oauth/metadata.js')).PATHS.token,
  }));
  const { client, secret } = created;
  const clientSecret = secret?.value ?? null;
  const secretId = secret?.id ?? null;
  const secretExpiresAt = secret?.expiresAt ?? null;
  const answer = {
    ...client,
    clientSecret,
    secretId,
    secretExpiresAt,
    tokenEndpoint,
    // The previous release's names, kept for one more release.
    client_id: client.clientId,
    client_secret: clientSecret,
    secret_id: secretId,
    secret_expires_at: secretExpiresAt,
    token_endpoint: tokenEndpoint,
  };
  inv.out.result('clientCreated', answer, () => {
    const out = inv.out;
    out.line(`Created client ${client.name}.`);
    out.line();
    out.block([
      ['client_id', client.clientId],
      ...(secret ? ([['client_secret', secret.value]] as const) : []),
      ...(secret
        ? ([
            ['secret id', `${secret.id}${secret.expiresAt ? ` (expires ${secret.expiresAt})` : ''}`],
          ] as const)
        : []),
      ['auth method', client.authMethod],
      ['grant types', client.grantTypes.join(' ') || '(none)'],
      ['scopes', client.scopes.join('\n') || '(none yet: add some with gatehouse clients permissions add)'],
    ]);
    if (secret) {
      out.line();
      out.line('WARNING: the client secret is shown only this once. Store it now (in your secret manager);');
      out.line('Gatehouse keeps only a hash of it and cannot show it again. Lost it? Run');
      out.line(`gatehouse clients secrets add ${shellQuote(client.clientId)}`);
    }
    out.line();
    out.line(`Get a token (from a running gatehouse serve at ${tokenEndpoint}):`);
    for (const line of curlExample(client, secret?.value, tokenEndpoint)) out.line(`  ${line}`);
    if (client.authMethod === 'private_key_jwt') {
      out.line('where $ASSERTION is a JWT signed with one of the registered keys, with iss and sub set to');
      out.line(`the client_id, aud ${tokenEndpoint}, a short exp and a unique jti (RFC 7523).`);
    }
  });
}

const create = command({
  name: 'create',
  summary: 'Register a client; prints its client_id and (once) its secret',
  description:
    'Scopes are qualified by the resource server they belong to: <identifier>/<scope>.\n' +
    'Secret-based clients get a secret, shown once; private_key_jwt clients register public keys.',
  options: {
    name: NAME_OPTION,
    team: OWNING_TEAM_OPTION,
    scope: {
      type: 'string',
      multiple: true,
      value: 'IDENTIFIER/SCOPE',
      description: 'a scope the client may request',
    },
    description: { type: 'string', value: 'TEXT', description: 'who or what the client is' },
    'auth-method': {
      type: 'string',
      value: 'METHOD',
      description: `how it authenticates: ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')} (default client_secret_basic)`,
    },
    'grant-type': {
      type: 'string',
      multiple: true,
      value: 'TYPE',
      description: `a grant type it may use: ${GRANT_TYPES.join(', ')} (default client_credentials)`,
    },
    jwks: { type: 'string', value: 'FILE', description: 'JSON file with its public keys (private_key_jwt)' },
    'jwks-uri': {
      type: 'string',
      value: 'URL',
      description: 'https URL of its public keys (private_key_jwt)',
    },
    'token-ttl': {
      type: 'string',
      value: 'SECONDS',
      description: "token lifetime for this client, 60 to 86400 (default: the resource server's)",
    },
    'secret-expires-in': {
      type: 'string',
      value: 'SECONDS',
      description: 'make the first secret expire after this long (default: never)',
    },
  },
  fields: {
    name: '--name',
    description: '--description',
    scopes: '--scope',
    authMethod: '--auth-method',
    grantTypes: '--grant-type',
    tokenTtl: '--token-ttl',
    jwks: '--jwks',
    jwksUri: '--jwks-uri',
    secretExpiresIn: '--secret-expires-in',
  },
  examples: [
    'gatehouse clients create --name checkout --scope lj-health-food/place-order',
    'gatehouse clients create --name partner --scope https://orders.example.com/read \\',
    '    --auth-method private_key_jwt --jwks partner-keys.json',
    'CLIENT=$(gatehouse clients create --name ci --scope lj-health-food/list-orders --json)',
  ],
  run: createClient,
});

const list = command({
  name: 'list',
  summary: 'List clients',
  examples: ['gatehouse clients list', 'gatehouse clients list --json'],
  async run(inv) {
    const clients = await inv.withGatehouse((g) => g.clients.list(inv.actor));
    inv.out.result('clients', clients, () => {
      if (clients.length === 0) {
        inv.out.line(
          'No clients yet. Register one with: gatehouse clients create --name NAME --scope ID/SCOPE',
        );
      } else {
        inv.out.table(CLIENT_HEADERS, clientRows(clients));
      }
    });
  },
});

const show = command({
  name: 'show',
  summary: 'Show one client, its scopes and its secrets (never their values)',
  args: [CLIENT_ID_ARG],
  examples: ['gatehouse clients show 2ql6v5v6fkqg4tkhh3a7tq2ylm'],
  async run(inv) {
    const client = await inv.withGatehouse((g) => g.clients.get(inv.arg('ID'), inv.actor));
    inv.out.result('client', client, () => showClient(inv.out, client));
  },
});

function setEnabled(enabled: boolean) {
  return command({
    name: enabled ? 'enable' : 'disable',
    summary: enabled
      ? 'Let a disabled client get tokens again'
      : 'Stop a client getting tokens, keeping its settings',
    args: [CLIENT_ID_ARG],
    examples: [`gatehouse clients ${enabled ? 'enable' : 'disable'} 2ql6v5v6fkqg4tkhh3a7tq2ylm`],
    async run(inv) {
      const client = await inv.withGatehouse((g) => g.clients.setEnabled(inv.arg('ID'), enabled, inv.actor));
      inv.out.result('client', client, () =>
        inv.out.line(
          enabled
            ? `Enabled client ${client.clientId} (${client.name}); it can get tokens again.`
            : `Disabled client ${client.clientId} (${client.name}); running servers refuse it within a second.`,
        ),
      );
    },
  });
}

const remove = command({
  name: 'delete',
  summary: 'Delete a client, its permissions and its secrets',
  args: [CLIENT_ID_ARG],
  examples: ['gatehouse clients delete 2ql6v5v6fkqg4tkhh3a7tq2ylm'],
  async run(inv) {
    const id = inv.arg('ID');
    await inv.withGatehouse((g) => g.clients.delete(id, inv.actor));
    inv.out.result('clientDeleted', { deleted: id }, () => inv.out.line(`Deleted client ${id}.`));
  },
});

export const clients = group({
  name: 'clients',
  summary: 'Register callers, their scopes and their secrets',
  description: 'A client trades its credentials for access tokens at the token endpoint.',
  children: [
    create,
    list,
    show,
    setEnabled(false),
    setEnabled(true),
    remove,
    group({
      name: 'permissions',
      summary: 'Add or remove the scopes a client may request',
      children: [clientPermission('add'), clientPermission('remove')],
    }),
    clientPermission('add', 'grant', true),
    clientPermission('remove', 'revoke-grant', true),
    clientSecrets,
    clientRoles,
    clientLimits,
    clientClaims,
  ],
  examples: [
    'gatehouse clients create --name checkout --scope lj-health-food/place-order',
    'gatehouse clients secrets add 2ql6v5v6fkqg4tkhh3a7tq2ylm',
  ],
});
