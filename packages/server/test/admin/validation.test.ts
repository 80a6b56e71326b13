import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, test } from 'node:test';
import type { Team } from '@gatehouse/schemas';
import {
  type ApiAnswer,
  type ApiSession,
  assertApiError,
  describeEachBackend,
  issuePaths,
  ok,
} from './harness.js';
import { recordChange } from '../../src/store/repos/changes.js';

describeEachBackend('admin API validation and error answers', (gate) => {
  let admin: ApiSession;
  let team: Team;
  const rs = (body: Record<string, unknown>) =>
    admin.post('/api/v1/resource-servers', { teamId: team.id, name: 'Some API', ...body });

  before(async () => {
    admin = gate.admin;
    team = await gate.team(admin, 'validators');
    await gate.resourceServer(admin, team.id, {
      identifier: 'known',
      name: 'Known',
      scopes: [{ name: 'read' }],
    });
  });

  test('422 validation_failed names each bad field by its path in the body', async () => {
    const spaced = await rs({ identifier: 'my api' });
    assert.deepEqual(issuePaths(spaced), ['identifier']);
    assert.match(spaced.body.message, /^identifier: /);

    const duplicate = await rs({ identifier: 'dup', scopes: [{ name: 'read' }, { name: 'read' }] });
    assert.deepEqual(issuePaths(duplicate), ['scopes.1.name']);
    assert.match(duplicate.body.issues[0].message, /duplicate scope "read"/);

    assert.deepEqual(issuePaths(await rs({ identifier: 'ttl', tokenTtl: 5 })), ['tokenTtl']);
    assert.deepEqual(issuePaths(await rs({ identifier: 'x', name: '', signingAlg: 'HS256' })).sort(), [
      'name',
      'signingAlg',
    ]);
    assert.deepEqual(issuePaths(await admin.post('/api/v1/teams', { slug: 'Bad Slug', name: 'B' })), [
      'slug',
    ]);
    assert.deepEqual(issuePaths(await admin.post('/api/v1/teams', {})).sort(), ['name', 'slug']);
  });

  test('a client asking for a scope nobody registered: 422 at scopes.<index>', async () => {
    const answer = await admin.post('/api/v1/clients', {
      teamId: team.id,
      name: 'c',
      scopes: ['known/read', 'unknown/read', 'known/write'],
    });
    assert.deepEqual(issuePaths(answer), ['scopes.1', 'scopes.2']);
    const shape = await admin.post('/api/v1/clients', { teamId: team.id, name: 'c', scopes: ['nope'] });
    assert.deepEqual(issuePaths(shape), ['scopes.0']);
    assert.deepEqual(ok(await admin.get(`/api/v1/clients?team=${team.id}`)).clients, []);
  });

  test('permission scopes that do not resolve are reported at the field that named them', async () => {
    const { client } = await gate.client(admin, team.id, { name: 'permitted' });
    const permissions = `/api/v1/clients/${client.clientId}/permissions`;
    assert.deepEqual(issuePaths(await admin.post(permissions, { scopes: ['known/read', 'known/nope'] })), [
      'scopes.1',
    ]);
    assert.deepEqual(issuePaths(await admin.del(`${permissions}?scope=known/nope`)), ['query.scope']);
  });

  test('bad query parameters are reported under query.<name>', async () => {
    assert.deepEqual(issuePaths(await admin.get('/api/v1/audit?limit=0')), ['query.limit']);
    assert.deepEqual(issuePaths(await admin.get('/api/v1/audit?limit=abc')), ['query.limit']);
    assert.deepEqual(issuePaths(await admin.get('/api/v1/audit?since=yesterday')), ['query.since']);
    assert.deepEqual(issuePaths(await admin.get('/api/v1/access-requests?box=spam')), ['query.box']);
    assert.deepEqual(issuePaths(await admin.get('/api/v1/clients/x/usage?days=0')), ['query.days']);
  });

  test('a body that is not JSON: 415 for another media type, 400 invalid_json for broken JSON', async () => {
    const form = await admin.send('POST', '/api/v1/teams', {
      raw: { type: 'application/x-www-form-urlencoded', data: 'slug=form&name=Form' },
    });
    assertApiError(form, 415, 'unsupported_media_type');
    const text = await admin.send('POST', '/api/v1/teams', { raw: { type: 'text/plain', data: '{}' } });
    assertApiError(text, 415, 'unsupported_media_type');
    const broken = await admin.send('POST', '/api/v1/teams', {
      raw: { type: 'application/json; charset=utf-8', data: '{"slug": "broken",' },
    });
    assertApiError(broken, 400, 'invalid_json');
    const array = await admin.send('POST', '/api/v1/teams', {
      raw: { type: 'application/json', data: '[1]' },
    });
    assertApiError(array, 422, 'validation_failed');
    const slugs = ok(await admin.get('/api/v1/teams')).teams.map((t: Team) => t.slug);
    assert.deepEqual(slugs, ['validators']);
  });

  test('unknown paths and unknown ids: 404 not_found', async () => {
    const missing: Promise<ApiAnswer>[] = [
      admin.get('/api/v1/nothing-here'),
      admin.get('/api/v2/clients'),
      admin.get('/api/v1/clients/gh_unknown'),
      admin.patch('/api/v1/clients/gh_unknown', { name: 'x' }),
      admin.del('/api/v1/clients/gh_unknown'),
      admin.get('/api/v1/resource-servers/rs_unknown'),
      admin.post('/api/v1/resource-servers/rs_unknown/scopes', { name: 'x' }),
      admin.get('/api/v1/teams/team_unknown'),
      admin.post('/api/v1/teams/team_unknown/invitations', { email: 'a@example.com' }),
      admin.get('/api/v1/teams/team_unknown/invitations'),
      admin.del('/api/v1/teams/team_unknown/invitations/inv_unknown'),
      admin.post('/api/v1/invitations/inv_unknown/accept'),
      admin.post('/api/v1/invitations/inv_unknown/decline'),
      admin.post('/api/v1/access-requests/ar_unknown/approve', {}),
      admin.post('/api/v1/access-requests/ar_unknown/cancel'),
      admin.get('/api/v1/clients/%E2%82%AC%20euro'),
    ];
    for (const answer of await Promise.all(missing)) assertApiError(answer, 404, 'not_found');
  });

  test('a malformed percent-escape in an id is a 404, not a server error', async () => {
    assertApiError(await admin.get('/api/v1/clients/%E0%A4%A'), 404, 'not_found');
    assertApiError(await admin.get('/api/v1/teams/%ZZ'), 404, 'not_found');
  });

  test('a known path with the wrong method: 405 method_not_allowed', async () => {
    assertApiError(await admin.del('/api/v1/teams'), 405, 'method_not_allowed');
    assertApiError(await admin.put('/api/v1/clients', {}), 405, 'method_not_allowed');
    assertApiError(await admin.post('/api/v1/audit', {}), 405, 'method_not_allowed');
    assertApiError(await admin.send('PATCH', '/api/v1/auth/login', { body: {} }), 405, 'method_not_allowed');
  });

  test('a body over 256 KiB: 413, and the server keeps answering', async () => {
    const huge = { slug: 'huge', name: 'Huge', description: 'x'.repeat(300 * 1024) };
    assertApiError(await admin.post('/api/v1/teams', huge), 413, 'payload_too_large');
    ok(await admin.get('/api/v1/me'));
    // Under the limit but over the field's own maximum is a validation answer.
    const long = await admin.post('/api/v1/teams', { ...huge, description: 'x'.repeat(2000) });
    assert.deepEqual(issuePaths(long), ['description']);
  });

  test('conflicts are 409 conflict', async () => {
    assertApiError(await admin.post('/api/v1/teams', { slug: 'validators', name: 'Again' }), 409, 'conflict');
    const again = await rs({ identifier: 'known' });
    assertApiError(again, 409, 'conflict');
    const reserved = await rs({ identifier: 'gatehouse-admin' });
    assertApiError(reserved, 409, 'conflict');
  });

  test('an audit cursor that this API did not give out: 422 under query.cursor', async () => {
    for (const cursor of ['99999999999999999999', '9007199254740993', 'abc', '-1', '1e3']) {
      const answer = await admin.get(`/api/v1/audit?cursor=${cursor}`);
      assertApiError(answer, 422, 'validation_failed');
      assert.deepEqual(issuePaths(answer), ['query.cursor'], cursor);
    }
    const first = ok(await admin.get('/api/v1/audit?limit=1'));
    ok(await admin.get(`/api/v1/audit?limit=1&cursor=${first.nextCursor}`));
    const exported = await admin.get('/api/v1/audit/export?cursor=99999999999999999999');
    assertApiError(exported, 422, 'validation_failed');
  });

  test('identifiers: an absolute URI or a short name, nothing a shell would act on', async () => {
    for (const identifier of [
      'https://x.example.com/$(touch${IFS}pwned)',
      'https://x.example.com/a;id',
      "https://x.example.com/it's",
      'https://x.example.com/a|b',
      'https://x.example.com/`id`',
      'a;id',
      'Has-Upper',
    ]) {
      const answer = await rs({ identifier });
      assertApiError(answer, 422, 'validation_failed');
      assert.deepEqual(issuePaths(answer), ['identifier'], identifier);
    }
    ok(await rs({ identifier: 'urn:example:orders-v2' }), 201);
  });

  test("an identifier in the shape of another API's id is refused", async () => {
    const known = ok(await admin.get('/api/v1/resource-servers/known'));
    const answer = await rs({ identifier: known.id });
    assertApiError(answer, 422, 'validation_failed');
    assert.match(answer.body.message, /must not start with "rs_"/);
    // Looking the API up by its id still finds it, not anything named like it.
    assert.equal(ok(await admin.get(`/api/v1/resource-servers/${known.id}`)).identifier, 'known');
  });

  test('an identifier stored before the stricter rules keeps working: lookups, grants, tokens', async () => {
    const legacy = ok(await rs({ identifier: 'legacy-shape', scopes: [{ name: 'read' }] }), 201);
    const db = gate.server.gatehouse.db;
    await db.transaction(async (tx) => {
      await tx.run('UPDATE resource_servers SET identifier = ? WHERE id = ?', ['Legacy~API', legacy.id]);
      await recordChange(tx, 'resource_server', legacy.id, gate.clock.now());
    });
    await gate.sync();
    assert.equal(ok(await admin.get('/api/v1/resource-servers/Legacy~API')).id, legacy.id);
    const { client, secret } = await gate.client(admin, team.id, { scopes: ['Legacy~API/read'] });
    const token = await gate.token(client.clientId, secret, 'Legacy~API/read');
    assert.equal(token.status, 200, token.text);
  });

  test('Expect: anything but 100-continue is a JSON 417; 100-continue still works', async () => {
    const refused = await rawRequest(gate.url, '/api/v1/teams', { expect: 'something-else' });
    assert.equal(refused.status, 417);
    assert.match(refused.headers['content-type'] ?? '', /application\/json/);
    assert.equal(JSON.parse(refused.body).error, 'expectation_failed');
    const oauth = await rawRequest(gate.url, '/oauth2/token', { expect: 'x' });
    assert.equal(oauth.status, 417);
    assert.equal(JSON.parse(oauth.body).error, 'expectation_failed');
    const continued = await rawRequest(gate.url, '/oauth2/token', { expect: '100-continue' });
    // The body was sent and read: the answer is about the missing client credentials.
    assert.equal(continued.status, 401);
    assert.equal(JSON.parse(continued.body).error, 'invalid_client');
  });
});

/** A POST through node:http, which lets a test send any Expect header (fetch does not). */
function rawRequest(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
  const body = 'grant_type=client_credentials';
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(body.length),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.on('continue', () => req.end(body));
    if (headers.expect !== '100-continue') req.end(body);
  });
}
