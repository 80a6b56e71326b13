import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import { before, test } from 'node:test';
import type { Team } from '@gatehouse/schemas';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { ADMIN_PASSWORD, describeEachBackend, ok } from '../admin/harness.js';
import type { LogEntry } from '../support/each-backend.js';
import { basicAuth, postForm } from '../support/server.js';
import { within } from '../support/within.js';

/** The fields of an access log line that do not vary from run to run. */
function stable(line: LogEntry): Record<string, unknown> {
  const { time, pid, durationMs, ...rest } = line;
  assert.match(String(time), /^\d{4}-\d\d-\d\dT/);
  assert.equal(pid, process.pid);
  assert.equal(typeof durationMs, 'number');
  assert.ok(Number.isFinite(durationMs) && (durationMs as number) >= 0, String(durationMs));
  // Rounded to hundredths of a millisecond: no float noise in the line.
  assert.equal(Math.round((durationMs as number) * 100) / 100, durationMs);
  return rest;
}

describeEachBackend('the access log', (gate) => {
  let team: Team;
  let reader: { clientId: string; secret: string };
  /** A client that sends its secret in the body (client_secret_post). */
  let poster: { clientId: string; secret: string };
  let robot: { clientId: string; secret: string };
  /** Every value a request carried that must never reach a log line. */
  const credentials: string[] = [ADMIN_PASSWORD];

  /** The access log line of the request sent with X-Request-Id `id`, once it is written. */
  async function lineOf(id: string): Promise<LogEntry> {
    let found: LogEntry | undefined;
    await within(`the access log line of ${id}`, async () => {
      found = gate.logs.find((e) => e.msg === 'request' && e.requestId === id);
      return found !== undefined;
    });
    assert.equal(gate.logs.filter((e) => e.msg === 'request' && e.requestId === id).length, 1);
    return found as LogEntry;
  }

  const send = (path: string, id: string, init: RequestInit = {}) =>
    fetch(gate.url + path, { ...init, headers: { ...init.headers, 'x-request-id': id } });

  before(async () => {
    team = await gate.team(gate.admin, 'ledger-team');
    await gate.resourceServer(gate.admin, team.id, {
      identifier: 'ledger',
      name: 'Ledger',
      scopes: [{ name: 'read' }],
    });
    const created = await gate.client(gate.admin, team.id, {
      name: 'ledger-reader',
      scopes: ['ledger/read'],
    });
    reader = { clientId: created.client.clientId, secret: created.secret };
    const posting = await gate.client(gate.admin, team.id, {
      name: 'ledger-poster',
      scopes: ['ledger/read'],
      authMethod: 'client_secret_post',
    });
    poster = { clientId: posting.client.clientId, secret: posting.secret };
    const made = await gate.server.gatehouse.clients.create(
      { name: 'robot', scopes: ['gatehouse-admin/clients:read'] },
      CLI_ACTOR,
    );
    assert.ok(made.secret);
    gate.secrets.push(made.secret.value);
    robot = { clientId: made.client.clientId, secret: made.secret.value };
    await gate.sync();
    credentials.push(reader.secret, poster.secret, robot.secret);
    if (gate.admin.cookie) credentials.push(gate.admin.cookie);
    if (gate.admin.csrfToken) credentials.push(gate.admin.csrfToken);
  });

  test('a token request: one info line with route, status, duration, client and request id', async () => {
    const basic = basicAuth(reader.clientId, reader.secret);
    credentials.push(basic.authorization ?? '', (basic.authorization ?? '').slice('Basic '.length));
    const answer = await send('/oauth2/token', 'token-basic', {
      method: 'POST',
      headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=ledger/read',
    });
    assert.equal(answer.status, 200);
    const token = String(((await answer.json()) as { access_token: string }).access_token);
    credentials.push(token);
    assert.deepEqual(stable(await lineOf('token-basic')), {
      level: 'info',
      msg: 'request',
      method: 'POST',
      route: '/oauth2/token',
      status: 200,
      clientId: reader.clientId,
      requestId: 'token-basic',
    });

    // client_secret in the body.
    const posted = await send('/oauth2/token', 'token-post', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'ledger/read',
        client_id: poster.clientId,
        client_secret: poster.secret,
      }),
    });
    assert.equal(posted.status, 200);
    const line = await lineOf('token-post');
    assert.equal(line.clientId, poster.clientId);
    assert.equal(line.route, '/oauth2/token');

    // A query string with a secret-looking value: refused, and the line has only the route.
    const querySecret = 'qs-secret-7f3a9c1e5b';
    credentials.push(querySecret);
    const queried = await send(`/oauth2/token?client_secret=${querySecret}`, 'token-query', {
      method: 'POST',
      headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=ledger/read',
    });
    await queried.arrayBuffer();
    assert.equal((await lineOf('token-query')).route, '/oauth2/token');

    // Introspection and revocation name the client that authenticated.
    for (const [path, id] of [
      ['/oauth2/introspect', 'introspect'],
      ['/oauth2/revoke', 'revoke'],
    ] as const) {
      const done = await send(path, id, {
        method: 'POST',
        headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      assert.equal(done.status, 200);
      const entry = await lineOf(id);
      assert.deepEqual([entry.route, entry.status, entry.clientId], [path, 200, reader.clientId]);
    }
  });

  test('a client that fails to authenticate is not named: a claimed id is not a known one', async () => {
    const wrong = 'wrong-secret-0c1d2e3f4a5b6c7d';
    credentials.push(wrong);
    const answer = await send('/oauth2/token', 'token-wrong', {
      method: 'POST',
      headers: { ...basicAuth(reader.clientId, wrong), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(answer.status, 401);
    const line = await lineOf('token-wrong');
    assert.equal(line.status, 401);
    assert.ok(!('clientId' in line));
  });

  test('the admin API: the route pattern, never the path with ids or the query; a machine caller is its client', async () => {
    const bearer = await gate.bearer(robot.clientId, robot.secret, ['clients:read']);
    credentials.push(bearer.bearer ?? '');
    const querySecret = 'qs-password-9e8d7c6b5a';
    credentials.push(querySecret);
    ok(
      await bearer.get(`/api/v1/clients/${reader.clientId}?password=${querySecret}`, {
        headers: { 'x-request-id': 'admin-bearer' },
      }),
    );
    const line = stable(await lineOf('admin-bearer'));
    assert.deepEqual(line, {
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/api/v1/clients/:clientId',
      status: 200,
      clientId: robot.clientId,
      requestId: 'admin-bearer',
    });
    // A person signed in to the portal (a cookie and a CSRF token) is not a client.
    ok(await gate.admin.get(`/api/v1/teams/${team.id}`, { headers: { 'x-request-id': 'admin-cookie' } }));
    const person = await lineOf('admin-cookie');
    assert.deepEqual([person.route, person.status, 'clientId' in person], ['/api/v1/teams/:id', 200, false]);
    ok(
      await gate.admin.post(
        `/api/v1/teams/${team.id}/invitations`,
        { email: 'kim@example.test', role: 'member' },
        { headers: { 'x-request-id': 'admin-post' } },
      ),
      201,
    );
    assert.equal((await lineOf('admin-post')).route, '/api/v1/teams/:id/invitations');
    // No route of the API matched: the API's prefix.
    await send(`/api/v1/nothing/${reader.clientId}`, 'admin-unknown');
    assert.deepEqual(
      [(await lineOf('admin-unknown')).route, (await lineOf('admin-unknown')).status],
      ['/api/*', 404],
    );
  });

  test('pools, the portal, a wrong method: patterns and prefixes; probes at debug', async () => {
    const cases: [string, string, RequestInit, string, number][] = [
      [
        '/pools/local_AbC123xyz9/.well-known/openid-configuration',
        'pool-discovery',
        {},
        '/pools/:poolId/.well-known/openid-configuration',
        404,
      ],
      ['/pools/local_AbC123xyz9/login?client_id=x', 'pool-page', {}, '/pools/:poolId/login', 404],
      [
        '/.well-known/oauth-authorization-server/pools/local_AbC123xyz9',
        'pool-8414',
        {},
        '/.well-known/oauth-authorization-server/pools/:poolId',
        404,
      ],
      ['/clients/some-client-id', 'portal-page', {}, '/*', 200],
      ['/', 'portal-root', {}, '/', 200],
      ['/oauth2/token', 'wrong-method', { method: 'DELETE' }, '/oauth2/token', 405],
      ['/.well-known/jwks.json', 'jwks', {}, '/.well-known/jwks.json', 200],
    ];
    for (const [path, id, init, route, status] of cases) {
      const answer = await send(path, id, init);
      await answer.arrayBuffer();
      assert.equal(answer.status, status, path);
      const line = await lineOf(id);
      assert.deepEqual([line.level, line.route, line.status], ['info', route, status], path);
    }
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      await (await send(path, `probe${path.replace('/', '-')}`)).arrayBuffer();
      const line = await lineOf(`probe${path.replace('/', '-')}`);
      assert.deepEqual([line.level, line.route], ['debug', path]);
    }
  });

  test('a request the client abandons: status 499 and aborted, once', async () => {
    const socket = connect(Number(new URL(gate.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /oauth2/token HTTP/1.1\r\nhost: x\r\nx-request-id: abandoned\r\n' +
        'content-type: application/x-www-form-urlencoded\r\ncontent-length: 500\r\n\r\ngrant_type=cli',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    const line = stable(await lineOf('abandoned'));
    assert.deepEqual(line, {
      level: 'info',
      msg: 'request',
      method: 'POST',
      route: '/oauth2/token',
      status: 499,
      requestId: 'abandoned',
      aborted: true,
    });
  });

  test('no credential the requests carried reaches any log line', () => {
    const text = gate.logs.map((entry) => JSON.stringify(entry)).join('\n');
    assert.ok(credentials.length >= 10, String(credentials.length));
    for (const value of credentials) {
      assert.ok(value.length >= 8, 'a credential long enough to find');
      assert.ok(!text.includes(value), `a credential reached the log: ${value.slice(0, 6)}…`);
    }
    // Nor any query string, whatever it held.
    const lines = gate.logs.filter((e) => e.msg === 'request');
    assert.ok(lines.length > 10);
    for (const line of lines) assert.ok(!String(line.route).includes('?'), String(line.route));
  });
});

describeEachBackend(
  'the access log turned off',
  (gate) => {
    test('GATEHOUSE_ACCESS_LOG=off: no request lines, the other lines stay', async () => {
      const answer = await postForm(`${gate.url}/oauth2/token`, { grant_type: 'client_credentials' });
      assert.equal(answer.status, 401);
      await (await fetch(`${gate.url}/healthz`)).arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(
        gate.logs.filter((e) => e.msg === 'request'),
        [],
      );
      assert.ok(gate.logs.some((e) => e.msg === 'user-pool mail goes to'));
    });
  },
  { env: { GATEHOUSE_ACCESS_LOG: 'off' } },
);

test('GATEHOUSE_ACCESS_LOG: on by default; on, off, true or false; anything else stops the start', () => {
  assert.equal(loadConfig({}, {}).accessLog, true);
  for (const [raw, value] of [
    ['on', true],
    ['off', false],
    ['true', true],
    ['false', false],
  ] as const) {
    assert.equal(loadConfig({}, { GATEHOUSE_ACCESS_LOG: raw }).accessLog, value, raw);
  }
  for (const raw of ['', 'yes', 'OFF', '0']) {
    assert.throws(
      () => loadConfig({}, { GATEHOUSE_ACCESS_LOG: raw }),
      (error: unknown) =>
        error instanceof ConfigError && /^GATEHOUSE_ACCESS_LOG must be on or off, got "/.test(error.message),
      raw,
    );
  }
});
