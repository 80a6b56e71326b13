import {
  type AppClient,
  type CreatedAppClient,
  DEFAULT_APP_CLIENT_SCOPES,
  DEFAULT_EXPLICIT_AUTH_FLOWS,
  DEFAULT_ID_TOKEN_SIGNING_ALG,
  EXPLICIT_AUTH_FLOWS,
  type ExplicitAuthFlow,
  ID_TOKEN_SIGNING_ALGS,
  shellQuote,
} from '@gatehouse/schemas';
import { command, group, type OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import type { Invocation } from './invocation.js';
import { argOrFlag, POOL_OPTION, ttlOption } from './pool-options.js';
import { APP_CLIENT_HEADERS, appClientRows, showAppClient } from './user-pool-views.js';

const CLIENT_ARG = {
  name: 'CLIENT_ID',
  optional: true,
  description: 'the app client’s client_id; or give --client-id',
} as const;
const ONE_CLIENT_OPTIONS = {
  pool: POOL_OPTION,
  'client-id': {
    type: 'string',
    value: 'CLIENT_ID',
    description: 'the app client, when not given as the argument',
  },
} as const satisfies Record<string, OptionSpec>;
const clientRef = (inv: Invocation) => argOrFlag(inv, 'CLIENT_ID', 'client-id');
const CONFIDENTIAL_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

const AUTH_FLOW_OPTION = {
  type: 'string',
  multiple: true,
  value: 'FLOW',
  description: `a sign-in flow of Cognito's API this app may use: ${EXPLICIT_AUTH_FLOWS.join(', ')} (ALLOW_ prefix optional; default ${DEFAULT_EXPLICIT_AUTH_FLOWS.join(' ')})`,
} as const satisfies OptionSpec;

/** Cognito's names, with or without `ALLOW_`; the schema refuses anything else by name. */
function authFlows(inv: Invocation): { explicitAuthFlows?: ExplicitAuthFlow[] } {
  const given = inv.strings('auth-flow');
  if (given.length === 0) return {};
  return { explicitAuthFlows: given.map((f) => f.replace(/^ALLOW_/, '') as ExplicitAuthFlow) };
}

/** The answer for a new (or re-keyed) client: the secret shows here and nowhere else. */
function printCreated(inv: Invocation, created: CreatedAppClient, issuer: string, verb: string): void {
  const { clientSecret, ...client } = created;
  const answer = { ...client, ...(clientSecret !== undefined ? { clientSecret } : {}), issuer };
  inv.out.result('appClientCreated', answer, () => {
    const out = inv.out;
    out.line(`${verb} app client ${client.name} in user pool ${client.poolId}.`);
    out.line();
    out.block([
      ['client_id', client.clientId],
      ...(clientSecret !== undefined ? ([['client_secret', clientSecret]] as const) : []),
      ['issuer', issuer],
      ['discovery', `${issuer}/.well-known/openid-configuration`],
    ]);
    out.line();
    showAppClient(out, client as AppClient);
    if (clientSecret !== undefined) {
      out.line();
      out.line('WARNING: the client secret is shown only this once. Store it now (in your secret manager);');
      out.line('Gatehouse cannot show it again. Lost it? Run');
      out.line(
        `gatehouse user-pools clients rotate-secret --pool ${shellQuote(client.poolId)} ${shellQuote(client.clientId)}`,
      );
    }
  });
}

const create = command({
  name: 'create',
  summary: 'Register an app that signs people in (or a machine); prints its client_id and (once) its secret',
  description:
    'Confidential clients (a backend that keeps a secret) get a secret, shown once; --public\n' +
    'clients (single-page and native apps) get none and must use PKCE. Callback and logout URLs\n' +
    'match exactly: https, or http on localhost only. --client-credentials registers a machine\n' +
    "instead (Cognito's client_credentials flow): it gets tokens for its resource server scopes\n" +
    "at the pool's /oauth2/token with its secret, and signs no one in.",
  options: {
    pool: POOL_OPTION,
    name: { type: 'string', required: true, value: 'NAME', description: 'display name' },
    'redirect-uri': {
      type: 'string',
      multiple: true,
      value: 'URL',
      description: 'a callback URL the pool may send codes to (at least one, unless --client-credentials)',
    },
    'client-credentials': {
      type: 'boolean',
      description: 'a machine client: client_credentials flow, resource server --scope only, no people',
    },
    'logout-uri': {
      type: 'string',
      multiple: true,
      value: 'URL',
      description: 'a URL the pool may send people to after logout',
    },
    public: { type: 'boolean', description: 'no secret; PKCE required (single-page and native apps)' },
    scope: {
      type: 'string',
      multiple: true,
      value: 'SCOPE',
      description: `openid, email, profile, phone or <resource-identifier>/<scope> (default ${DEFAULT_APP_CLIENT_SCOPES.join(' ')})`,
    },
    'auth-method': {
      type: 'string',
      value: CONFIDENTIAL_METHODS.join('|'),
      description: 'how a confidential client sends its secret (default client_secret_basic)',
    },
    'require-pkce': { type: 'boolean', description: 'a confidential client must use PKCE too' },
    'no-refresh-rotation': {
      type: 'boolean',
      description: 'keep the same refresh token (for code that stores the first one)',
    },
    'id-token-alg': {
      type: 'string',
      value: ID_TOKEN_SIGNING_ALGS.join('|'),
      description: `how ID tokens are signed (default ${DEFAULT_ID_TOKEN_SIGNING_ALG}, what OIDC libraries expect unconfigured; ES256 is far cheaper)`,
    },
    'auth-flow': AUTH_FLOW_OPTION,
    'access-token-ttl': ttlOption('access-token lifetime for this app, 300 to 86400', "the pool's"),
    'id-token-ttl': ttlOption('ID-token lifetime for this app, 300 to 86400', "the pool's"),
    'refresh-token-ttl': ttlOption('refresh-token lifetime for this app', "the pool's"),
  },
  fields: {
    name: '--name',
    redirectUris: '--redirect-uri',
    logoutUris: '--logout-uri',
    scopes: '--scope',
    authMethod: '--auth-method',
    allowedOAuthFlows: '--client-credentials',
    'settings.requirePkce': '--require-pkce',
    'settings.idTokenSigningAlg': '--id-token-alg',
    'settings.explicitAuthFlows': '--auth-flow',
    'settings.accessTokenSeconds': '--access-token-ttl',
    'settings.idTokenSeconds': '--id-token-ttl',
    'settings.refreshTokenSeconds': '--refresh-token-ttl',
  },
  examples: [
    'gatehouse user-pools clients create --pool local_AbC123xyz --name web \\',
    '    --redirect-uri https://app.example.com/callback --logout-uri https://app.example.com/',
    'gatehouse user-pools clients create --pool local_AbC123xyz --name spa --public \\',
    '    --redirect-uri http://localhost:5173/callback --scope openid --scope lj-health-food/list-orders',
    'gatehouse user-pools clients create --pool local_AbC123xyz --name lab --public \\',
    '    --redirect-uri http://localhost:3000/ --auth-flow USER_PASSWORD_AUTH --auth-flow REFRESH_TOKEN_AUTH',
    'gatehouse user-pools clients create --pool local_AbC123xyz --name partner \\',
    '    --client-credentials --scope lj-health-food/place-order',
  ],
  async run(inv) {
    const authMethod = inv.choice('auth-method', CONFIDENTIAL_METHODS);
    const idTokenSigningAlg = inv.choice('id-token-alg', ID_TOKEN_SIGNING_ALGS);
    const scopes = inv.strings('scope');
    const lifetimes = Object.fromEntries(
      Object.entries({
        accessTokenSeconds: inv.integer('access-token-ttl'),
        idTokenSeconds: inv.integer('id-token-ttl'),
        refreshTokenSeconds: inv.integer('refresh-token-ttl'),
      }).filter(([, v]) => v !== undefined),
    );
    const poolId = inv.required('pool');
    // A client that signs people in needs somewhere to send them back: said before any store opens.
    if (!inv.flag('client-credentials') && inv.strings('redirect-uri').length === 0) {
      throw new UsageError('missing required flag --redirect-uri URL');
    }
    const { created, issuer } = await inv.withGatehouse(async (g) => ({
      created: await g.appClients.create(
        poolId,
        {
          name: inv.required('name'),
          public: inv.flag('public'),
          ...(authMethod !== undefined ? { authMethod } : {}),
          ...(inv.flag('client-credentials') ? { allowedOAuthFlows: ['client_credentials' as const] } : {}),
          redirectUris: inv.strings('redirect-uri'),
          logoutUris: inv.strings('logout-uri'),
          ...(scopes.length > 0 ? { scopes } : {}),
          settings: {
            ...(inv.flag('require-pkce') ? { requirePkce: true } : {}),
            ...(inv.flag('no-refresh-rotation') ? { refreshRotation: false } : {}),
            ...(idTokenSigningAlg !== undefined ? { idTokenSigningAlg } : {}),
            ...authFlows(inv),
            ...lifetimes,
          },
        },
        inv.actor,
      ),
      issuer: g.userPools.issuerOf(poolId),
    }));
    printCreated(inv, created, issuer, 'Created');
  },
});

const update = command({
  name: 'update',
  summary: "Change an app client's sign-in flows for Cognito's API",
  args: [CLIENT_ARG],
  options: { ...ONE_CLIENT_OPTIONS, 'auth-flow': { ...AUTH_FLOW_OPTION, required: true } },
  fields: { 'settings.explicitAuthFlows': '--auth-flow' },
  examples: [
    'gatehouse user-pools clients update --pool local_AbC123xyz 4f1lq0hq0jz3k0s1p2m9c7x8v5 \\',
    '    --auth-flow USER_PASSWORD_AUTH --auth-flow USER_SRP_AUTH --auth-flow REFRESH_TOKEN_AUTH',
  ],
  async run(inv) {
    const poolId = inv.required('pool');
    const clientId = clientRef(inv);
    const client = await inv.withGatehouse((g) =>
      g.appClients.update(poolId, clientId, { settings: authFlows(inv) }, inv.actor),
    );
    inv.out.result('appClient', client, () => showAppClient(inv.out, client));
  },
});

const list = command({
  name: 'list',
  summary: "List a pool's app clients",
  options: { pool: POOL_OPTION },
  examples: ['gatehouse user-pools clients list --pool local_AbC123xyz'],
  async run(inv) {
    const poolId = inv.required('pool');
    const clients = await inv.withGatehouse((g) => g.appClients.list(poolId, inv.actor));
    inv.out.result('appClients', clients, () => {
      if (clients.length === 0) {
        inv.out.line(
          `No app clients yet. Register one with: gatehouse user-pools clients create --pool ${shellQuote(poolId)} --name NAME --redirect-uri URL`,
        );
      } else inv.out.table(APP_CLIENT_HEADERS, appClientRows(clients));
    });
  },
});

const show = command({
  name: 'show',
  summary: 'Show one app client (never its secret)',
  args: [CLIENT_ARG],
  options: ONE_CLIENT_OPTIONS,
  examples: ['gatehouse user-pools clients show --pool local_AbC123xyz 4f1lq0hq0jz3k0s1p2m9c7x8v5'],
  async run(inv) {
    const clientId = clientRef(inv);
    const client = await inv.withGatehouse((g) =>
      g.appClients.get(inv.required('pool'), clientId, inv.actor),
    );
    inv.out.result('appClient', client, () => showAppClient(inv.out, client));
  },
});

const rotateSecret = command({
  name: 'rotate-secret',
  summary: 'Replace a confidential client’s secret at once; prints the new one (once)',
  description: 'The old secret stops working immediately: update the app as you run this.',
  args: [CLIENT_ARG],
  options: ONE_CLIENT_OPTIONS,
  examples: ['gatehouse user-pools clients rotate-secret --pool local_AbC123xyz 4f1lq0hq0jz3k0s1p2m9c7x8v5'],
  async run(inv) {
    const poolId = inv.required('pool');
    const clientId = clientRef(inv);
    const { created, issuer } = await inv.withGatehouse(async (g) => ({
      created: await g.appClients.rotateSecret(poolId, clientId, inv.actor),
      issuer: g.userPools.issuerOf(poolId),
    }));
    printCreated(inv, created, issuer, 'New secret for');
  },
});

const remove = command({
  name: 'delete',
  summary: 'Delete an app client; its refresh tokens stop working',
  args: [CLIENT_ARG],
  options: ONE_CLIENT_OPTIONS,
  examples: ['gatehouse user-pools clients delete --pool local_AbC123xyz 4f1lq0hq0jz3k0s1p2m9c7x8v5'],
  async run(inv) {
    const poolId = inv.required('pool');
    const clientId = clientRef(inv);
    await inv.withGatehouse((g) => g.appClients.delete(poolId, clientId, inv.actor));
    inv.out.result('appClientDeleted', { deleted: clientId, poolId }, () =>
      inv.out.line(`Deleted app client ${clientId} from user pool ${poolId}.`),
    );
  },
});

export const userPoolClients = group({
  name: 'clients',
  summary: 'App clients: the applications that sign people in through a pool',
  children: [create, update, list, show, rotateSecret, remove],
  examples: [
    'gatehouse user-pools clients create --pool local_AbC123xyz --name web --redirect-uri https://app.example.com/cb',
    'gatehouse user-pools clients list --pool local_AbC123xyz',
  ],
});
