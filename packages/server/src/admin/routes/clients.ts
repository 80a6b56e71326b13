import {
  addPermissionsSchema,
  addSecretSchema,
  clientSchema,
  clientSecretInfoSchema,
  createClientBodySchema,
  issuedSecretSchema,
  type IssuedSecretView,
  patchClientSchema,
  putKeysSchema,
  qualifiedScopeSchema,
  usageSchema,
  text,
} from '@gatehouse/schemas';
import { z } from 'zod';
import type { IssuedSecret } from '../../services/client-secrets.js';
import { route } from '../route.js';
import { matches } from './search.js';

const TAG = 'Clients';

/** The one answer that ever carries a secret; its hint is what lists show from then on. */
function issued(secret: IssuedSecret): IssuedSecretView {
  return { id: secret.id, secret: secret.value, hint: secret.value.slice(-4), expiresAt: secret.expiresAt };
}

/** Giving and taking away permissions, at `path`; `deprecated` marks an old path kept for compatibility. */
function permissionRoutes(path: string, deprecated = false) {
  const note = deprecated ? ' (deprecated: use …/permissions)' : '';
  return [
    route({
      method: 'POST',
      path,
      summary: `Add permissions, optionally for a limited time: people their team's APIs (platform admins: any); clients only scopes they hold${note}`,
      tag: TAG,
      deprecated,
      body: addPermissionsSchema,
      response: clientSchema,
      async handler({ server, actor, params, body }) {
        return server.gatehouse.clients.addPermissions(params.clientId ?? '', body.scopes, actor, {
          ...(body.expiresIn !== undefined ? { expiresIn: body.expiresIn } : {}),
          field: 'scopes',
        });
      },
    }),
    route({
      method: 'DELETE',
      path,
      summary: `Remove a permission${note}`,
      tag: TAG,
      deprecated,
      query: z.object({ scope: qualifiedScopeSchema }),
      response: clientSchema,
      async handler({ server, actor, params, query }) {
        return server.gatehouse.clients.removePermissions(params.clientId ?? '', [query.scope], actor, {
          field: () => 'query.scope',
        });
      },
    }),
  ];
}

export const clientRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/clients',
    summary: 'Clients of my teams (platform admins: all)',
    tag: TAG,
    query: z.object({ team: text().max(100).optional(), q: text().max(200).optional() }),
    response: z.object({ clients: z.array(clientSchema) }),
    async handler({ server, actor, query }) {
      const all = await server.gatehouse.clients.list(actor);
      return {
        clients: all.filter(
          (c) =>
            (!query.team || c.teamId === query.team) && matches(query.q, c.clientId, c.name, c.description),
        ),
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/clients',
    summary: 'Create a client for one of my teams; the secret is in this answer and nowhere else',
    tag: TAG,
    body: createClientBodySchema,
    response: z.object({ client: clientSchema, secret: issuedSecretSchema.nullable() }),
    status: 201,
    async handler({ server, actor, body }) {
      const { teamId, ...input } = body;
      const created = await server.gatehouse.clients.create(input, actor, { teamId });
      return { client: created.client, secret: created.secret ? issued(created.secret) : null };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/clients/:clientId',
    summary: 'One client: settings, permissions, secrets (hints only)',
    tag: TAG,
    response: clientSchema,
    async handler({ server, actor, params }) {
      // Last-used times are written behind the token path; save them so the page is current.
      await server.runtime.flushLastUsed();
      return server.gatehouse.clients.get(params.clientId ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/clients/:clientId',
    summary: 'Rename, describe, enable or disable a client, or choose the grant types it may use',
    tag: TAG,
    body: patchClientSchema,
    response: clientSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.clients.update(params.clientId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/clients/:clientId',
    summary: 'Delete a client; its tokens stop working at verifiers that poll the revocation list',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.clients.delete(params.clientId ?? '', actor);
      return undefined;
    },
  }),
  ...permissionRoutes('/api/v1/clients/:clientId/permissions'),
  // The previous release's paths, for one more release.
  ...permissionRoutes('/api/v1/clients/:clientId/grants', true),
  route({
    method: 'POST',
    path: '/api/v1/clients/:clientId/secrets',
    summary: 'Add a secret (rotation: add, move callers, revoke the old one); shown once',
    tag: TAG,
    body: addSecretSchema,
    response: issuedSecretSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      const options = body.expiresIn !== undefined ? { expiresIn: body.expiresIn } : {};
      return issued(await server.gatehouse.secrets.add(params.clientId ?? '', options, actor));
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/clients/:clientId/secrets/:secretId',
    summary: 'Revoke a secret at once',
    tag: TAG,
    response: clientSecretInfoSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.secrets.revoke(params.clientId ?? '', params.secretId ?? '', actor);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/clients/:clientId/keys',
    summary: 'Replace the public keys of a private_key_jwt client (a JWKS or a jwks_uri)',
    tag: TAG,
    body: putKeysSchema,
    response: clientSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.clients.setKeys(params.clientId ?? '', body, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/clients/:clientId/usage',
    summary: 'Tokens issued per day, and when the client last got one',
    tag: TAG,
    query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
    response: usageSchema,
    async handler({ server, actor, params, query }) {
      await server.runtime.flushLastUsed();
      return server.gatehouse.usage.forClient(params.clientId ?? '', query.days, actor);
    },
  }),
];
