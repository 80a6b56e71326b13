import {
  claimsViewSchema,
  setClaimsSchema,
  setTokenHookSchema,
  tokenHookViewSchema,
  tokenHookWithSecretSchema,
} from '@gatehouse/schemas';
import { route } from '../route.js';

const TAG = 'Custom claims';

/**
 * Static claims on clients and resource servers, and resource servers' token hooks. PUT on
 * claims replaces the whole set (`{}` clears it); a registered claim or a bad value is a 422
 * naming the key (`claims.<key>`). Creating a hook and rotating its secret answer the secret,
 * once.
 */
export const customClaimsRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/clients/:clientId/claims',
    summary: "A client's static claims",
    tag: TAG,
    response: claimsViewSchema,
    handler: ({ server, actor, params }) => server.gatehouse.claims.forClient(params.clientId ?? '', actor),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/clients/:clientId/claims',
    summary: "Replace a client's static claims (added to every token it is issued)",
    tag: TAG,
    body: setClaimsSchema,
    response: claimsViewSchema,
    handler: ({ server, actor, params, body }) =>
      server.gatehouse.claims.updateClient(params.clientId ?? '', { replace: body.claims }, actor),
  }),
  route({
    method: 'GET',
    path: '/api/v1/resource-servers/:id/claims',
    summary: "A resource server's static claims",
    tag: TAG,
    response: claimsViewSchema,
    handler: ({ server, actor, params }) => server.gatehouse.claims.forResourceServer(params.id ?? '', actor),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/resource-servers/:id/claims',
    summary: "Replace a resource server's static claims (added to every token issued for it)",
    tag: TAG,
    body: setClaimsSchema,
    response: claimsViewSchema,
    handler: ({ server, actor, params, body }) =>
      server.gatehouse.claims.updateResourceServer(params.id ?? '', { replace: body.claims }, actor),
  }),
  route({
    method: 'GET',
    path: '/api/v1/resource-servers/:id/hook',
    summary: "A resource server's token hook (never its secret)",
    tag: TAG,
    response: tokenHookViewSchema,
    handler: ({ server, actor, params }) => server.gatehouse.tokenHooks.get(params.id ?? '', actor),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/resource-servers/:id/hook',
    summary: 'Create or change the token hook; on creation the answer holds its signing secret, shown once',
    tag: TAG,
    body: setTokenHookSchema,
    response: tokenHookWithSecretSchema,
    handler: ({ server, actor, params, body }) =>
      server.gatehouse.tokenHooks.set(params.id ?? '', body, actor),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/resource-servers/:id/hook',
    summary: 'Remove the token hook: tokens are issued without calling it',
    tag: TAG,
    response: tokenHookViewSchema,
    handler: ({ server, actor, params }) => server.gatehouse.tokenHooks.clear(params.id ?? '', actor),
  }),
  route({
    method: 'POST',
    path: '/api/v1/resource-servers/:id/hook/rotate-secret',
    summary: "Replace the token hook's signing secret; the answer holds the new one, shown once",
    tag: TAG,
    response: tokenHookWithSecretSchema,
    handler: ({ server, actor, params }) => server.gatehouse.tokenHooks.rotateSecret(params.id ?? '', actor),
  }),
];
