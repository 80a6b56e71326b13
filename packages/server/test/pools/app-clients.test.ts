import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/services/errors.js';
import { ADMIN, eachStore } from './harness.js';

const CALLBACK = 'https://shop.example.com/callback';

eachStore('user pool app clients', (world) => {
  let poolId = '';
  const pool = async () => {
    if (poolId) return poolId;
    const { gatehouse, alice } = world();
    poolId = (await gatehouse.userPools.create({ name: 'Apps', team: 'orders' }, alice)).id;
    await gatehouse.resourceServers.create(
      { identifier: 'lj-health-food', name: 'LJ', scopes: [{ name: 'list-orders' }] },
      alice,
      { teamId: world().orders },
    );
    await gatehouse.resourceServers.create(
      { identifier: 'ledger', name: 'Ledger', scopes: [{ name: 'read' }] },
      world().bob,
      { teamId: world().billing },
    );
    return poolId;
  };

  test('a confidential client gets a long secret once; the store holds it sealed, never in clear', async () => {
    const { gatehouse, alice } = world();
    const created = await gatehouse.appClients.create(
      await pool(),
      { name: 'web', redirectUris: [CALLBACK], logoutUris: ['https://shop.example.com/'] },
      alice,
    );
    assert.match(created.clientId, /^[a-z0-9]{26}$/);
    assert.equal(created.public, false);
    assert.equal(created.authMethod, 'client_secret_basic');
    assert.deepEqual(created.scopes, ['openid', 'email', 'profile']);
    assert.deepEqual(created.settings, {
      requirePkce: false,
      refreshRotation: true,
      idTokenSigningAlg: 'RS256',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    });
    const secret = created.clientSecret ?? '';
    assert.equal(Buffer.from(secret, 'base64url').length, 48);
    const raw = await gatehouse.db.get<Record<string, unknown>>(
      'SELECT * FROM pool_app_clients WHERE client_id = ?',
      [created.clientId],
    );
    assert.ok(raw);
    assert.match(String(raw.secret_enc), /^v1\./);
    assert.ok(!JSON.stringify(raw).includes(secret), 'the secret is stored in clear');
    const shown = await gatehouse.appClients.get(poolId, created.clientId, alice);
    assert.equal('clientSecret' in shown, false);
    assert.equal(await gatehouse.appClients.secretOf(created.clientId), secret);
    assert.equal(
      (await gatehouse.appClients.authenticate(created.clientId, secret))?.clientId,
      created.clientId,
    );
    for (const wrong of [secret.slice(0, -1), `${secret}x`, '', 'x'.repeat(10_000)]) {
      assert.equal(await gatehouse.appClients.authenticate(created.clientId, wrong), undefined);
    }
    assert.equal(await gatehouse.appClients.authenticate('nosuchclient', secret), undefined);
    // A sealed secret copied to another client's row does not open there.
    const other = await gatehouse.appClients.create(
      poolId,
      { name: 'copy', redirectUris: [CALLBACK] },
      alice,
    );
    await gatehouse.db.run('UPDATE pool_app_clients SET secret_enc = ? WHERE client_id = ?', [
      String(raw.secret_enc),
      other.clientId,
    ]);
    await assert.rejects(gatehouse.appClients.authenticate(other.clientId, secret), /cannot decrypt/);
    const audit = await gatehouse.audit.list(ADMIN, { targetId: created.clientId });
    assert.deepEqual(
      audit.events.map((e) => e.action),
      ['pool_app_client.create'],
    );
    assert.ok(!JSON.stringify(audit.events).includes(secret));
  });

  test('a public client has no secret and always requires PKCE', async () => {
    const { gatehouse, alice } = world();
    const spa = await gatehouse.appClients.create(
      await pool(),
      { name: 'spa', public: true, redirectUris: ['http://localhost:5173/cb', 'http://127.0.0.1:8080/cb'] },
      alice,
    );
    assert.equal(spa.clientSecret, undefined);
    assert.equal(spa.authMethod, 'none');
    assert.equal(spa.settings.requirePkce, true);
    assert.equal(await gatehouse.appClients.secretOf(spa.clientId), undefined);
    assert.equal(await gatehouse.appClients.authenticate(spa.clientId, ''), undefined);
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', public: true, redirectUris: [CALLBACK], settings: { requirePkce: false } },
        alice,
      ),
      /settings.requirePkce: public clients always use PKCE/,
    );
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', public: false, authMethod: 'none', redirectUris: [CALLBACK] },
        alice,
      ),
      /authMethod/,
    );
  });

  test('redirect URIs: https, or http on loopback only; no fragment', async () => {
    const { gatehouse, alice } = world();
    for (const bad of [
      'http://shop.example.com/cb',
      'https://shop.example.com/cb#frag',
      '/relative',
      'https://user:pw@shop.example.com/cb',
      'javascript:alert(1)',
    ]) {
      await assert.rejects(
        gatehouse.appClients.create(await pool(), { name: 'x', redirectUris: [bad] }, alice),
        (error: unknown) =>
          error instanceof ValidationError && error.issues.some((i) => i.path === 'redirectUris.0'),
        bad,
      );
    }
    await assert.rejects(
      gatehouse.appClients.create(poolId, { name: 'x', redirectUris: [] }, alice),
      /redirectUris/,
    );
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', redirectUris: [CALLBACK], logoutUris: ['http://x.example.com/'] },
        alice,
      ),
      /logoutUris.0/,
    );
  });

  test('scopes: OIDC ones, and qualified scopes of APIs the pool’s team may give', async () => {
    const { gatehouse, alice } = world();
    const ok = await gatehouse.appClients.create(
      await pool(),
      { name: 'api', redirectUris: [CALLBACK], scopes: ['openid', 'phone', 'lj-health-food/list-orders'] },
      alice,
    );
    assert.deepEqual(ok.scopes, ['openid', 'phone', 'lj-health-food/list-orders']);
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', redirectUris: [CALLBACK], scopes: ['openid', 'lj-health-food/nope'] },
        alice,
      ),
      /scopes.1: resource server "lj-health-food" has no scope "nope"/,
    );
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', redirectUris: [CALLBACK], scopes: ['address'] },
        alice,
      ),
      /scopes.0/,
    );
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', redirectUris: [CALLBACK], scopes: ['ledger/read'] },
        alice,
      ),
      ForbiddenError,
    );
    await assert.rejects(
      gatehouse.appClients.create(
        poolId,
        { name: 'x', redirectUris: [CALLBACK], scopes: ['gatehouse-admin/teams:read'] },
        CLI_ACTOR,
      ),
      /for machine clients, not for people/,
    );
  });

  test('another team can neither see nor change the pool’s clients', async () => {
    const { gatehouse, alice, bob } = world();
    const web = await gatehouse.appClients.create(
      await pool(),
      { name: 'mine', redirectUris: [CALLBACK] },
      alice,
    );
    await assert.rejects(gatehouse.appClients.list(poolId, bob), ForbiddenError);
    await assert.rejects(gatehouse.appClients.get(poolId, web.clientId, bob), ForbiddenError);
    await assert.rejects(gatehouse.appClients.delete(poolId, web.clientId, bob), ForbiddenError);
    await assert.rejects(
      gatehouse.appClients.create(poolId, { name: 'x', redirectUris: [CALLBACK] }, bob),
      ForbiddenError,
    );
    const ledger = await gatehouse.userPools.create({ name: 'Ledger', team: 'billing' }, bob);
    // A client is found only under its own pool.
    await assert.rejects(gatehouse.appClients.get(ledger.id, web.clientId, bob), NotFoundError);
    assert.ok((await gatehouse.appClients.list(poolId, alice)).some((c) => c.clientId === web.clientId));
  });

  test('rotating a secret replaces it at once; deleting a client removes it', async () => {
    const { gatehouse, alice } = world();
    const web = await gatehouse.appClients.create(
      await pool(),
      { name: 'rotate', redirectUris: [CALLBACK] },
      alice,
    );
    const rotated = await gatehouse.appClients.rotateSecret(poolId, web.clientId, alice);
    assert.notEqual(rotated.clientSecret, web.clientSecret);
    assert.equal(await gatehouse.appClients.authenticate(web.clientId, web.clientSecret ?? ''), undefined);
    assert.ok(await gatehouse.appClients.authenticate(web.clientId, rotated.clientSecret ?? ''));
    await gatehouse.appClients.delete(poolId, web.clientId, alice);
    assert.equal(await gatehouse.appClients.lookup(web.clientId), undefined);
    assert.equal(
      await gatehouse.appClients.authenticate(web.clientId, rotated.clientSecret ?? ''),
      undefined,
    );
  });

  test('an update changes what it names, keeps a public client public, and is audited', async () => {
    const { gatehouse, alice, bob } = world();
    const web = await gatehouse.appClients.create(
      await pool(),
      { name: 'edit', redirectUris: [CALLBACK], settings: { accessTokenSeconds: 600 } },
      alice,
    );
    const updated = await gatehouse.appClients.update(
      poolId,
      web.clientId,
      {
        redirectUris: [CALLBACK, 'https://shop.example.com/cb2'],
        authMethod: 'client_secret_post',
        settings: { accessTokenSeconds: null, requirePkce: true },
      },
      alice,
    );
    assert.deepEqual(updated.redirectUris, [CALLBACK, 'https://shop.example.com/cb2']);
    assert.equal(updated.authMethod, 'client_secret_post');
    assert.deepEqual(updated.settings, {
      requirePkce: true,
      refreshRotation: true,
      idTokenSigningAlg: 'RS256',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    });
    assert.equal(updated.name, 'edit');
    assert.ok(
      await gatehouse.appClients.authenticate(web.clientId, web.clientSecret ?? ''),
      'the secret stays',
    );
    await assert.rejects(
      gatehouse.appClients.update(poolId, web.clientId, { authMethod: 'none' }, alice),
      /authMethod: a confidential client authenticates/,
    );
    await assert.rejects(
      gatehouse.appClients.update(
        poolId,
        web.clientId,
        { redirectUris: ['http://evil.example.com/'] },
        alice,
      ),
      /redirectUris.0/,
    );
    await assert.rejects(
      gatehouse.appClients.update(poolId, web.clientId, { name: 'x' }, bob),
      ForbiddenError,
    );
    const spa = await gatehouse.appClients.create(
      poolId,
      { name: 's', public: true, redirectUris: [CALLBACK] },
      alice,
    );
    await assert.rejects(
      gatehouse.appClients.update(poolId, spa.clientId, { settings: { requirePkce: false } }, alice),
      /public clients always use PKCE/,
    );
    const { events } = await gatehouse.audit.list(ADMIN, { targetId: web.clientId });
    assert.deepEqual(
      events.map((e) => e.action),
      ['pool_app_client.update', 'pool_app_client.create'],
    );
  });
});
