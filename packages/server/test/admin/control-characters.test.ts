import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { z } from 'zod';
import { ADMIN_ROUTES } from '../../src/admin/mount.js';
import { basicAuth, postForm } from '../support/server.js';
import { ADMIN_EMAIL, describeEachBackend, type Json, PASSWORD } from './harness.js';

/** A request to make with a NUL somewhere it would otherwise be valid. */
interface Probe {
  method: string;
  path: string;
  body?: unknown;
  query?: Record<string, string>;
}

const NUL = '\u0000';

/** Each string in `value`, one at a time, with a NUL added: a body valid but for that one NUL. */
function withNulEachString(value: unknown): unknown[] {
  if (typeof value === 'string') return [`${value}${NUL}x`, `${NUL}`];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      withNulEachString(item).map((v) => value.map((x, j) => (i === j ? v : x))),
    );
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      withNulEachString(item).map((v) => ({ ...value, [key]: v })),
    );
  }
  return [];
}

describeEachBackend('a NUL or control character anywhere in a request', (gate) => {
  const ids: Record<string, string> = {};
  const bodies = new Map<string, Json>();

  before(async () => {
    const team = await gate.team(gate.admin, 'nul-probe');
    const other = await gate.team(gate.admin, 'nul-other');
    const rs = await gate.resourceServer(gate.admin, team.id, {
      identifier: 'nul-probe-api',
      name: 'Probe API',
      scopes: [{ name: 'read' }, { name: 'write' }],
    });
    const { client, secretId } = await gate.client(gate.admin, other.id, { scopes: ['nul-probe-api/read'] });
    const member = await gate.user('nul-member@gatehouse.test');
    await gate.addMember(gate.admin, team.id, 'nul-member@gatehouse.test');
    const request = await gate.admin.post('/api/v1/access-requests', {
      clientId: client.clientId,
      scope: 'nul-probe-api/write',
      reason: 'probe',
    });
    assert.equal(request.status, 201, request.text);
    Object.assign(ids, {
      team: team.id,
      rs: rs.id,
      client: client.clientId,
      secret: secretId,
      user: member.userId,
      request: String(request.body.id),
    });
    const scope = 'nul-probe-api/read';
    for (const [key, body] of Object.entries({
      'POST /api/v1/access-requests': {
        clientId: client.clientId,
        scope: 'nul-probe-api/write',
        reason: 'why',
      },
      'POST /api/v1/access-requests/:id/approve': { comment: 'ok' },
      'POST /api/v1/access-requests/:id/deny': { comment: 'no' },
      'POST /api/v1/access-requests/:id/cancel': {},
      'POST /api/v1/auth/login': { email: ADMIN_EMAIL, password: PASSWORD },
      'POST /api/v1/auth/setup': {
        token: 'token',
        email: 'setup@gatehouse.test',
        name: 'S',
        password: PASSWORD,
      },
      'POST /api/v1/clients': { name: 'n', description: 'd', teamId: other.id, scopes: [scope] },
      'PATCH /api/v1/clients/:clientId': { name: 'n', description: 'd' },
      'POST /api/v1/clients/:clientId/permissions': { scopes: [scope] },
      'POST /api/v1/clients/:clientId/grants': { scopes: [scope] },
      'PUT /api/v1/clients/:clientId/keys': { jwksUri: 'https://keys.example.com/jwks' },
      'POST /api/v1/resource-servers': {
        identifier: 'nul-new',
        name: 'n',
        description: 'd',
        teamId: team.id,
        scopes: [{ name: 's', description: 'd' }],
      },
      'POST /api/v1/resource-servers/:id/scopes': { name: 's2', description: 'd' },
      'POST /api/v1/teams': { slug: 'nul-new', name: 'n', description: 'd' },
      'POST /api/v1/teams/:id/members': { email: 'nul-member@gatehouse.test', role: 'member' },
      'PATCH /api/v1/teams/:id/members/:userId': { role: 'member' },
      'POST /api/v1/users': { email: 'nul-new@gatehouse.test', name: 'n', password: PASSWORD },
    })) {
      bodies.set(key, body);
    }
  });

  /** Real values for each path parameter, so that only the NUL is wrong. */
  function param(path: string, name: string): string {
    if (name === 'clientId') return ids.client ?? '';
    if (name === 'secretId') return ids.secret ?? '';
    if (name === 'userId') return ids.user ?? '';
    if (name === 'name') return 'read';
    if (path.startsWith('/api/v1/teams')) return ids.team ?? '';
    if (path.startsWith('/api/v1/resource-servers')) return ids.rs ?? '';
    return ids.request ?? '';
  }

  function probes(): Probe[] {
    const out: Probe[] = [];
    for (const route of ADMIN_ROUTES) {
      const names = route.path
        .split('/')
        .filter((p: string) => p.startsWith(':'))
        .map((p: string) => p.slice(1));
      const fill = (nulIn?: string) =>
        route.path.replace(/:(\w+)/g, (_: string, name: string) =>
          name === nulIn
            ? `${encodeURIComponent(param(route.path, name))}%00`
            : encodeURIComponent(param(route.path, name)),
        );
      for (const name of names) out.push({ method: route.method, path: fill(name) });
      const shape = (route.query as z.ZodObject | undefined)?.shape as Record<string, unknown> | undefined;
      for (const key of Object.keys(shape ?? {})) {
        out.push({ method: route.method, path: fill(), query: { [key]: `a${NUL}b` } });
      }
      const body = bodies.get(`${route.method} ${route.path}`);
      for (const variant of body === undefined ? [] : withNulEachString(body)) {
        out.push({ method: route.method, path: fill(), body: variant });
      }
      if (route.body) out.push({ method: route.method, path: fill(), body: { [`key${NUL}`]: 'x' } });
    }
    return out;
  }

  test('every admin route answers 4xx, never 5xx (sign-in included)', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const probe of probes()) {
      const query = probe.query ? `?${new URLSearchParams(probe.query)}` : '';
      const session = probe.path === '/api/v1/auth/login' ? gate.session() : gate.admin;
      const answer = await session.send(
        probe.method,
        probe.path + query,
        probe.body === undefined ? {} : { body: probe.body },
      );
      count++;
      if (answer.status >= 500 || answer.status < 400) {
        failures.push(
          `${probe.method} ${probe.path}${query} ${JSON.stringify(probe.body)} -> ${answer.status} ${answer.text}`,
        );
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(count > 80, `only ${count} probes`);
  });

  test('a NUL in a field says so, as a 422 naming the field', async () => {
    const answer = await gate
      .session()
      .post('/api/v1/auth/login', { email: `${ADMIN_EMAIL}${NUL}`, password: 'x' });
    assert.equal(answer.status, 422, answer.text);
    assert.equal(answer.body.error, 'validation_failed');
    assert.deepEqual(
      answer.body.issues.map((i: { path: string }) => i.path),
      ['email'],
    );
    const named = await gate.admin.post('/api/v1/teams', {
      slug: 'ctl',
      name: 'bell\u0007',
      description: 'ok\nfine\tstill',
    });
    assert.equal(named.status, 422, named.text);
    assert.deepEqual(named.body.issues, [{ path: 'name', message: 'must not contain control characters' }]);
  });

  test('descriptions keep their line breaks and tabs', async () => {
    const answer = await gate.admin.post('/api/v1/teams', {
      slug: 'multi-line',
      name: 'Multi line',
      description: 'first line\n\tindented second',
    });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.body.description, 'first line\n\tindented second');
  });

  test('the OAuth endpoints answer 400 invalid_request, never reaching the store', async () => {
    const failures: string[] = [];
    const basic = basicAuth(ids.client ?? '', 'not the secret');
    const forms: Record<string, string>[] = [
      { grant_type: 'client_credentials', scope: `nul-probe-api/read${NUL}` },
      { grant_type: 'client_credentials', resource: `nul-probe-api${NUL}` },
      { grant_type: `client_credentials${NUL}` },
      { grant_type: 'client_credentials', client_id: `${ids.client}${NUL}`, client_secret: 'x' },
      { grant_type: 'client_credentials', client_id: `${ids.client}`, client_secret: `x${NUL}` },
      {
        grant_type: 'client_credentials',
        client_id: `${ids.client}`,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: `a.b.c${NUL}`,
      },
      { grant_type: 'client_credentials', scope: 'nul-probe-api/read\u001b[31m' },
      { [`scope${NUL}`]: 'x', grant_type: 'client_credentials' },
    ];
    for (const path of ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke']) {
      for (const form of forms) {
        const withToken = path === '/oauth2/token' ? form : { ...form, token: 'x' };
        const answer = await postForm(`${gate.url}${path}`, withToken);
        if (answer.status !== 400 || answer.body?.error !== 'invalid_request') {
          failures.push(`${path} ${JSON.stringify(withToken)} -> ${answer.status} ${answer.text}`);
        }
      }
      const token = await postForm(
        `${gate.url}${path}`,
        { grant_type: 'client_credentials', token: `t${NUL}` },
        basic,
      );
      if (token.status !== 400) failures.push(`${path} token with NUL -> ${token.status} ${token.text}`);
      const header = await postForm(
        `${gate.url}${path}`,
        { grant_type: 'client_credentials', token: 't' },
        basicAuth(`${ids.client}${NUL}`, 'x'),
      );
      // In the Basic header it is an unknown client, answered as any other.
      if (header.status !== 401 || header.body?.error !== 'invalid_client') {
        failures.push(`${path} Basic client id with NUL -> ${header.status} ${header.text}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
