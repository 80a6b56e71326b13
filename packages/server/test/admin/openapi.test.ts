import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_ROUTES } from '../../src/admin/mount.js';
import { describeEachBackend, type Json, ok } from './harness.js';

/** The endpoints that answer 204 with no body; every other one documents its JSON answer. */
const NO_CONTENT = [
  'post /api/v1/auth/logout',
  'delete /api/v1/roles/{id}',
  'delete /api/v1/access-keys/{accessKeyId}',
  'delete /api/v1/teams/{id}/members/{userId}',
  'delete /api/v1/teams/{id}/invitations/{invitationId}',
  'post /api/v1/invitations/{id}/decline',
  'delete /api/v1/users/{id}',
  'post /api/v1/me/password',
  'delete /api/v1/resource-servers/{id}',
  'delete /api/v1/teams/{id}',
  'delete /api/v1/clients/{clientId}',
  'delete /api/v1/user-pools/{poolId}',
  'delete /api/v1/user-pools/{poolId}/clients/{clientId}',
  'delete /api/v1/user-pools/{poolId}/users/{username}',
  'delete /api/v1/user-pools/{poolId}/users/{username}/sessions/{sessionId}',
  'delete /api/v1/user-pools/{poolId}/groups/{name}',
];

/** Full-page navigations that answer with a redirect. */
const REDIRECTS = ['get /api/v1/auth/sso/start', 'get /api/v1/auth/sso/callback'];

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describeEachBackend('admin API OpenAPI document', (gate) => {
  let doc: Json;

  test('GET /api/openapi.json is public OpenAPI 3.1 for this deployment', async () => {
    const answer = await gate.session().get('/api/openapi.json');
    doc = ok(answer);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Gatehouse admin API');
    assert.deepEqual(doc.servers, [{ url: gate.server.issuer }]);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
    assert.deepEqual(doc.components.securitySchemes.session, {
      type: 'apiKey',
      in: 'cookie',
      name: 'gh_session',
    });
    assert.deepEqual(Object.keys(doc.components.schemas.Error.properties).sort(), [
      'error',
      'issues',
      'message',
      'retryAfter',
    ]);
  });

  test('every /api/v1 route of the table is there, once, with its parameters', () => {
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`),
    );
    const routes = ADMIN_ROUTES.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    assert.deepEqual([...documented].sort(), [...routes].sort());
    assert.equal(new Set(routes).size, routes.length, 'no route twice');
    for (const route of ADMIN_ROUTES) {
      assert.match(route.path, /^\/api\/v1\//);
      const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      assert.equal(typeof op.summary, 'string');
      const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      assert.deepEqual(declared, pathParams, route.path);
      assert.ok(op.responses['4XX'], `${route.path} documents its errors`);
      if (route.access === 'public') assert.deepEqual(op.security, []);
    }
  });

  test('the previous release permission paths and fields stay, marked deprecated', () => {
    const old = doc.paths['/api/v1/clients/{clientId}/grants'];
    assert.equal(old.post.deprecated, true);
    assert.equal(old.delete.deprecated, true);
    assert.equal(doc.paths['/api/v1/clients/{clientId}/permissions'].post.deprecated, undefined);
    const client =
      doc.paths['/api/v1/clients/{clientId}'].get.responses['200'].content['application/json'].schema;
    assert.equal(client.properties.grants.deprecated, true);
    assert.equal(client.properties.permissions.deprecated, undefined);
  });

  test('request bodies and answers carry their JSON schemas', () => {
    const noContent: string[] = [];
    const redirects: string[] = [];
    for (const route of ADMIN_ROUTES) {
      const key = `${route.method.toLowerCase()} ${openApiPath(route.path)}`;
      const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      if (route.body) {
        const schema = op.requestBody.content['application/json'].schema;
        assert.ok(schema.type === 'object' || schema.anyOf || schema.oneOf, `${key} body schema`);
      } else {
        assert.equal(op.requestBody, undefined, key);
      }
      const [status, success] = Object.entries(op.responses).find(([s]) => s !== '4XX') ?? [];
      if (status === '204') noContent.push(key);
      else if (status === '302') redirects.push(key);
      else if (route.produces) assert.ok((success as Json).content[route.produces], key);
      else assert.ok((success as Json).content['application/json'].schema, `${key} answer schema`);
    }
    assert.deepEqual(noContent.sort(), [...NO_CONTENT].sort());
    assert.deepEqual(redirects.sort(), [...REDIRECTS].sort());
  });

  test('roles: bodies, answers and where each scope of a client comes from', () => {
    const create = doc.paths['/api/v1/roles'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(create.required, ['name']);
    assert.ok(create.properties.scopes);
    const origins =
      doc.paths['/api/v1/clients/{clientId}/roles'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(origins.properties).sort(), ['clientId', 'roles', 'scopes']);
    assert.ok(doc.paths['/api/v1/roles/{id}/scopes'].delete.parameters.some((p: Json) => p.name === 'scope'));
  });

  test('the schemas say what the API checks', () => {
    const create = doc.paths['/api/v1/resource-servers'].post;
    const body = create.requestBody.content['application/json'].schema;
    assert.deepEqual([...body.required].sort(), ['identifier', 'name', 'teamId']);
    assert.equal(body.properties.tokenTtl.minimum, 60);
    assert.equal(body.properties.tokenTtl.maximum, 86400);
    assert.deepEqual(body.properties.signingAlg.enum, ['ES256', 'RS256', 'EdDSA']);
    assert.ok(create.responses['201'].content['application/json'].schema.properties.scopes);

    const client = doc.paths['/api/v1/clients'].post.responses['201'].content['application/json'].schema;
    assert.deepEqual(Object.keys(client.properties).sort(), ['client', 'secret']);
    const audit = doc.paths['/api/v1/audit'].get.parameters.map((p: Json) => p.name);
    for (const name of ['action', 'targetType', 'team', 'since', 'until', 'cursor', 'limit']) {
      assert.ok(audit.includes(name), name);
    }
    assert.ok(doc.paths['/api/v1/audit/export'].get.responses['200'].content['application/x-ndjson']);

    const rename = doc.paths['/api/v1/teams/{id}'].patch.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(rename.properties).sort(), ['description', 'name']);
    assert.equal(rename.additionalProperties, false);
    const update =
      doc.paths['/api/v1/resource-servers/{id}'].patch.requestBody.content['application/json'].schema;
    assert.ok(update.properties.teamId, 'an API moves to another team by teamId');
    assert.deepEqual(update.properties.signingAlg.enum, ['ES256', 'RS256', 'EdDSA']);
  });

  test('user pools, their app clients, users and groups are documented with their schemas', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const expected = {
      '/api/v1/user-pools': ['get', 'post'],
      '/api/v1/user-pools/{poolId}': ['delete', 'get', 'patch'],
      '/api/v1/user-pools/{poolId}/clients': ['get', 'post'],
      '/api/v1/user-pools/{poolId}/clients/{clientId}': ['delete', 'get', 'patch'],
      '/api/v1/user-pools/{poolId}/clients/{clientId}/secret': ['post'],
      '/api/v1/user-pools/{poolId}/users': ['get', 'post'],
      '/api/v1/user-pools/{poolId}/users/{username}': ['delete', 'get', 'patch'],
      '/api/v1/user-pools/{poolId}/users/{username}/confirm': ['post'],
      '/api/v1/user-pools/{poolId}/users/{username}/enable': ['post'],
      '/api/v1/user-pools/{poolId}/users/{username}/disable': ['post'],
      '/api/v1/user-pools/{poolId}/users/{username}/sign-out': ['post'],
      '/api/v1/user-pools/{poolId}/users/{username}/confirmation-code': ['post'],
      '/api/v1/user-pools/{poolId}/sign-ups': ['post'],
      '/api/v1/user-pools/{poolId}/users/{username}/password': ['put'],
      '/api/v1/user-pools/{poolId}/users/{username}/sessions': ['get'],
      '/api/v1/user-pools/{poolId}/users/{username}/sessions/{sessionId}': ['delete'],
      '/api/v1/user-pools/{poolId}/groups': ['get', 'post'],
      '/api/v1/user-pools/{poolId}/groups/{name}': ['delete'],
      '/api/v1/user-pools/{poolId}/groups/{name}/members/{username}': ['delete', 'put'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      assert.deepEqual(Object.keys(paths[path] ?? {}).sort(), methods, path);
    }
    const create = paths['/api/v1/user-pools']?.post;
    const body = create?.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['name']);
    assert.equal(body.properties.passwordPolicy.properties.minLength.minimum, 6);
    assert.ok(create?.responses['201'].content['application/json'].schema.properties.issuer);
    const client = paths['/api/v1/user-pools/{poolId}/clients']?.post;
    assert.ok(client?.responses['201'].content['application/json'].schema.properties.clientSecret);
    assert.equal(
      client?.requestBody.content['application/json'].schema.properties.redirectUris.type,
      'array',
    );
    const list = paths['/api/v1/user-pools/{poolId}/users']?.get;
    assert.ok(list?.parameters.some((p: Json) => p.name === 'search' && p.in === 'query'));
    const password = paths['/api/v1/user-pools/{poolId}/users/{username}/password']?.put;
    const passwordBody = password?.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(passwordBody.properties).sort(), ['password', 'temporary']);
    assert.deepEqual(password?.tags, ['User pools: users']);
  });
});
