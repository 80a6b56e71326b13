import {
  accessKeySchema,
  createAccessKeySchema,
  createdAccessKeySchema,
  updateAccessKeySchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'Access keys';
const BASE = '/api/v1/access-keys';

export const accessKeyRoutes = [
  route({
    method: 'GET',
    path: BASE,
    summary: "Access keys: your teams' keys, or every key for platform admins; never their secrets",
    tag: TAG,
    response: z.object({ accessKeys: z.array(accessKeySchema) }),
    async handler({ server, actor }) {
      return { accessKeys: await server.gatehouse.accessKeys.list(actor) };
    },
  }),
  route({
    method: 'POST',
    path: BASE,
    summary:
      "Create an access key for the Cognito API (a team's owners; platform admins for a platform-wide key). " +
      'The answer is the only place the secret shows',
    tag: TAG,
    body: createAccessKeySchema,
    response: createdAccessKeySchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.accessKeys.create(body, actor);
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/:accessKeyId`,
    summary: 'An access key, without its secret',
    tag: TAG,
    response: accessKeySchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.accessKeys.get(params.accessKeyId ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: `${BASE}/:accessKeyId`,
    summary: 'Rename, disable or enable an access key; every instance sees it within a poll',
    tag: TAG,
    body: updateAccessKeySchema,
    response: accessKeySchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.accessKeys.update(params.accessKeyId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/:accessKeyId`,
    summary: 'Delete an access key; calls signed with it are refused from now on',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.accessKeys.delete(params.accessKeyId ?? '', actor);
      return undefined;
    },
  }),
];
