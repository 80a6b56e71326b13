import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, describeEachBackend, ok } from '../admin/harness.js';
import { HookServer, verifySignature } from './hook-server.js';

const payload = (token: unknown) =>
  JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

const hook = new HookServer();
before(() => hook.start());
after(() => hook.stop());

describeEachBackend(
  'token hook',
  (gate) => {
    let rsId = '';
    let identifier = '';
    let client = { clientId: '', secret: '' };
    let secret = '';
    const scope = () => `${identifier}/read ${identifier}/write`;
    const token = () => gate.token(client.clientId, client.secret, scope());
    const setHook = async (body: Record<string, unknown>) => {
      const answer = ok(
        await gate.admin.put(`/api/v1/resource-servers/${rsId}/hook`, { url: hook.url, ...body }),
      );
      await gate.sync();
      return answer;
    };

    test('a hook is https only; creating it shows its secret once, and it is never shown again', async () => {
      const team = await gate.team(gate.admin, 'hooks');
      const rs = await gate.resourceServer(gate.admin, team.id, {
        identifier: 'https://ledger.hooks.test',
        name: 'Ledger',
        scopes: [{ name: 'read' }, { name: 'write' }],
      });
      rsId = rs.id;
      identifier = rs.identifier;
      const made = await gate.client(gate.admin, team.id, {
        name: 'billing',
        scopes: [scope().split(' ')].flat(),
      });
      client = { clientId: made.client.clientId, secret: made.secret };
      ok(
        await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, {
          claims: { tier: 'static', team: 't' },
        }),
      );

      const plain = await gate.admin.put(`/api/v1/resource-servers/${rsId}/hook`, {
        url: 'http://127.0.0.1:1/x',
      });
      assertApiError(plain, 422, 'validation_failed');
      assert.equal(plain.body.issues[0].path, 'url');
      assertApiError(
        await gate.admin.put(`/api/v1/resource-servers/${rsId}/hook`, { url: hook.url, timeoutMs: 5000 }),
        422,
        'validation_failed',
      );

      hook.reply = () => ({ body: { claims: { tier: 'gold', entitlements: ['refunds'] }, ttlSeconds: 60 } });
      const created = await setHook({});
      assert.match(created.secret, /^ghhook_[A-Za-z0-9_-]{43}$/);
      secret = created.secret;
      gate.secrets.push(secret);
      assert.deepEqual(
        { url: created.hook.url, timeoutMs: created.hook.timeoutMs, failMode: created.hook.failMode },
        { url: hook.url, timeoutMs: 300, failMode: 'closed' },
      );
      const shown = ok(await gate.admin.get(`/api/v1/resource-servers/${rsId}/hook`));
      assert.equal(shown.hook.url, hook.url);
      assert.ok(!JSON.stringify(shown).includes(secret));
      const changed = await setHook({ timeoutMs: 400 });
      assert.equal(changed.secret, undefined, 'changing the hook keeps the secret, and does not show it');
      const audit = ok(await gate.admin.get('/api/v1/audit?action=resource_server.hook.update'));
      assert.equal(audit.events.length, 2);
      assert.ok(!JSON.stringify(audit).includes(secret), 'the audit log never holds the secret');
    });

    test('a valid answer adds its claims (over static ones), signed so the receiver can verify', async () => {
      hook.calls.length = 0;
      const answer = await token();
      assert.equal(answer.status, 200, answer.text);
      const claims = payload(answer.body?.access_token);
      assert.equal(claims.tier, 'gold', "the hook's claim wins over the client's static one");
      assert.deepEqual(claims.entitlements, ['refunds']);
      assert.equal(claims.team, 't');
      assert.equal(claims.sub, client.clientId);
      assert.equal(hook.calls.length, 1);
      const [call] = hook.calls;
      assert.ok(call);
      assert.deepEqual(call.body, {
        clientId: client.clientId,
        clientName: 'billing',
        teamId: call.body.teamId,
        resource: identifier,
        resourceServerId: rsId,
        scopes: ['read', 'write'],
        grantType: 'client_credentials',
      });
      assert.equal(call.headers['content-type'], 'application/json');
      const now = Math.floor(gate.clock.now() / 1000);
      assert.ok(verifySignature(call.headers['gatehouse-signature'], call.raw, secret, now));
      assert.ok(!verifySignature(call.headers['gatehouse-signature'], call.raw, 'ghhook_wrong', now));
      assert.ok(
        !verifySignature(call.headers['gatehouse-signature'], call.raw, secret, now + 301),
        'old: refused',
      );
      assert.ok(!verifySignature(call.headers['gatehouse-signature'], `${call.raw} `, secret, now));
    });

    test('the answer is cached for its TTL, per client and scope set, whatever the order of scopes', async () => {
      hook.calls.length = 0;
      assert.equal((await token()).status, 200);
      const reordered = await gate.token(
        client.clientId,
        client.secret,
        `${identifier}/write ${identifier}/read`,
      );
      assert.equal(reordered.status, 200);
      assert.equal(hook.calls.length, 0, 'answered from the cache');
      assert.equal((await gate.token(client.clientId, client.secret, `${identifier}/read`)).status, 200);
      assert.equal(hook.calls.length, 1, 'another scope set is another answer');
      gate.clock.advance(61_000);
      assert.equal((await token()).status, 200);
      assert.equal(hook.calls.length, 2, 'past its TTL the hook is asked again');
    });

    test('changing the hook drops what was cached from it', async () => {
      hook.calls.length = 0;
      assert.equal((await token()).status, 200);
      assert.equal(hook.calls.length, 0);
      hook.reply = () => ({ body: { claims: { tier: 'platinum' }, ttlSeconds: 60 } });
      await setHook({ timeoutMs: 300 });
      const answer = await token();
      assert.equal(hook.calls.length, 1);
      assert.equal(payload(answer.body?.access_token).tier, 'platinum');
    });

    test('rotating the secret signs the next call with the new one', async () => {
      const rotated = ok(await gate.admin.post(`/api/v1/resource-servers/${rsId}/hook/rotate-secret`));
      assert.notEqual(rotated.secret, secret);
      secret = rotated.secret;
      gate.secrets.push(secret);
      await gate.sync();
      hook.calls.length = 0;
      assert.equal((await token()).status, 200);
      const [call] = hook.calls;
      assert.ok(
        call &&
          verifySignature(
            call.headers['gatehouse-signature'],
            call.raw,
            secret,
            Math.floor(gate.clock.now() / 1000),
          ),
      );
    });

    test('fail closed: slow, failing and invalid answers refuse the token with temporarily_unavailable', async () => {
      await setHook({ timeoutMs: 100, failMode: 'closed' });
      const failures: [string, () => { status?: number; body?: unknown; delayMs?: number }][] = [
        ['slow', () => ({ delayMs: 400, body: { claims: { late: true }, ttlSeconds: 60 } })],
        ['500', () => ({ status: 500, body: { error: 'boom' } })],
        ['redirect', () => ({ status: 302, body: {} })],
        ['not JSON', () => ({ body: 'this is not json' })],
        ['registered claim', () => ({ body: { claims: { sub: 'someone-else' } } })],
        ['bad ttl', () => ({ body: { claims: {}, ttlSeconds: -1 } })],
        ['too large', () => ({ body: { claims: { big: 'x'.repeat(20_000) } } })],
      ];
      for (const [name, reply] of failures) {
        hook.reply = reply;
        const answer = await token();
        assert.equal(answer.status, 503, `${name}: ${answer.text}`);
        assert.equal(answer.body?.error, 'temporarily_unavailable', name);
        assert.equal(answer.headers.get('retry-after'), '1');
        assert.equal(answer.headers.get('cache-control'), 'no-store');
      }
      const warned = gate.logs.filter((l) => l.msg === 'token hook failed');
      assert.ok(warned.length >= failures.length);
      assert.equal(warned.at(-1)?.host, new URL(hook.url).host);
      assert.ok(!JSON.stringify(warned).includes(new URL(hook.url).pathname), 'only the host is logged');
    });

    test('fail open: the token is issued without the hook claims, and a warning is logged', async () => {
      await setHook({ failMode: 'open' });
      hook.reply = () => ({ delayMs: 400, body: { claims: { late: true } } });
      const before = gate.logs.length;
      const answer = await token();
      assert.equal(answer.status, 200, answer.text);
      const claims = payload(answer.body?.access_token);
      assert.equal(claims.late, undefined);
      assert.equal(claims.tier, 'static', 'static claims are still there');
      const warning = gate.logs.slice(before).find((l) => l.msg === 'token hook failed');
      assert.equal(warning?.level, 'warn');
      assert.equal(warning?.reason, 'timeout');
      assert.equal(warning?.failMode, 'open');
    });

    test('concurrent misses for the same key make one call', async () => {
      await setHook({ failMode: 'closed', timeoutMs: 1000 });
      hook.calls.length = 0;
      hook.reply = () => ({ delayMs: 100, body: { claims: { shared: 1 }, ttlSeconds: 0 } });
      const answers = await Promise.all(Array.from({ length: 5 }, () => token()));
      for (const answer of answers) assert.equal(answer.status, 200, answer.text);
      assert.equal(hook.calls.length, 1);
    });

    test('clearing the hook: tokens are issued without calling it', async () => {
      ok(await gate.admin.del(`/api/v1/resource-servers/${rsId}/hook`));
      await gate.sync();
      hook.calls.length = 0;
      const answer = await token();
      assert.equal(answer.status, 200);
      assert.equal(hook.calls.length, 0);
      assert.equal(ok(await gate.admin.get(`/api/v1/resource-servers/${rsId}/hook`)).hook, null);
    });
  },
  { env: { GATEHOUSE_TOKEN_HOOK_CA_FILE: hook.caFile } },
);
