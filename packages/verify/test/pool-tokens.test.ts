import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, toHttpError } from '../src/index.js';
import { rejectsWithCode } from './support/assert.js';
import { FakeIssuer, type FakeKey } from './support/fake-issuer.js';

const POOL = '/pools/local_AbC123xyz';
const APP = 'app1client1234567890abcdef';

describe('pool tokens: an issuer with a path, ID and access tokens', () => {
  let pool: FakeIssuer;
  let key: FakeKey;
  const made: { close(): void }[] = [];
  const keep = <V extends { close(): void }>(v: V): V => {
    made.push(v);
    return v;
  };

  before(async () => {
    pool = await FakeIssuer.start({ path: POOL });
    key = pool.addKey('ES256');
  });
  after(async () => {
    for (const v of made) v.close();
    await pool.close();
  });

  test('an ID token passes an ID-token verifier, found through the pool issuer’s OpenID discovery', async () => {
    const verifier = keep(createVerifier({ issuer: pool.issuer, tokenUse: 'id', clientId: APP }));
    const before = pool.count(`${POOL}/.well-known/openid-configuration`);
    const claims = await verifier.verify(await pool.signId(key, pool.idClaims()));
    assert.equal(claims.token_use, 'id');
    assert.equal(claims.sub, '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10');
    assert.deepEqual(claims['cognito:groups'], ['admins', 'editors']);
    assert.deepEqual(claims.scopes, []);
    assert.equal(pool.count(`${POOL}/.well-known/openid-configuration`), before + 1);
    assert.equal(pool.count(`${POOL}/.well-known/oauth-authorization-server`), 0);
    // The pool advertises no revocation list: nothing is polled.
    assert.equal(pool.count(`${POOL}/revocations`), 0);
  });

  test('an ID token for another app, or with no typ at all, is judged by its claims', async () => {
    const verifier = keep(createVerifier({ issuer: pool.issuer, tokenUse: 'id', clientId: [APP] }));
    await rejectsWithCode(
      verifier.verify(await pool.signId(key, pool.idClaims({ aud: 'other-app' }))),
      'ERR_CLIENT_NOT_ALLOWED',
      {
        claim: 'aud',
        actual: 'other-app',
        expected: [APP],
      },
    );
    // OIDC Core leaves typ open for ID tokens.
    const untyped = await pool.sign(key, pool.idClaims(), { typ: undefined });
    assert.equal((await verifier.verify(untyped)).aud, APP);
    const anyApp = keep(createVerifier({ issuer: pool.issuer, tokenUse: 'id', clientId: null }));
    assert.equal(
      (await anyApp.verify(await pool.signId(key, pool.idClaims({ aud: 'other-app' })))).aud,
      'other-app',
    );
  });

  test('an access token passes an access-token verifier: aud is the API, client_id the app', async () => {
    const verifier = keep(
      createVerifier({ issuer: pool.issuer, tokenUse: 'access', audience: 'lj-health-food', clientId: APP }),
    );
    const claims = await verifier.verify(await pool.sign(key, pool.accessClaims()), {
      requiredScopes: ['list-orders'],
    });
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.client_id, APP);
    assert.equal(claims.username, 'ada');
    await rejectsWithCode(
      verifier.verify(await pool.sign(key, pool.accessClaims({ client_id: 'another-app' }))),
      'ERR_CLIENT_NOT_ALLOWED',
      { claim: 'client_id', actual: 'another-app', expected: [APP] },
    );
    await rejectsWithCode(
      verifier.verify(await pool.sign(key, pool.accessClaims({ aud: `${pool.issuer}/oauth2/userInfo` }))),
      'ERR_AUDIENCE_MISMATCH',
      { claim: 'aud', actual: `${pool.issuer}/oauth2/userInfo`, expected: 'lj-health-food' },
    );
    const userinfo = keep(
      createVerifier({
        issuer: pool.issuer,
        tokenUse: 'access',
        audience: `${pool.issuer}/oauth2/userInfo`,
        clientId: null,
      }),
    );
    const token = await pool.sign(key, pool.accessClaims({ aud: `${pool.issuer}/oauth2/userInfo` }));
    assert.equal((await userinfo.verify(token)).sub, '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10');
  });

  test('one kind of token never passes for the other', async () => {
    const ids = keep(createVerifier({ issuer: pool.issuer, tokenUse: 'id', clientId: APP }));
    const access = keep(
      createVerifier({ issuer: pool.issuer, tokenUse: 'access', audience: 'lj-health-food', clientId: APP }),
    );
    const accessToken = await pool.sign(key, pool.accessClaims());
    const idToken = await pool.signId(key, pool.idClaims());
    await rejectsWithCode(ids.verify(accessToken), 'ERR_TYP_INVALID', {
      claim: 'typ',
      actual: 'at+jwt',
      expected: 'JWT',
    });
    await rejectsWithCode(access.verify(idToken), 'ERR_TYP_INVALID', {
      claim: 'typ',
      actual: 'JWT',
      expected: 'at+jwt',
    });
    // The header lies about the kind: token_use decides, and says no.
    const idAsAt = await pool.sign(key, pool.idClaims({ aud: 'lj-health-food', client_id: APP, jti: 'x' }));
    await rejectsWithCode(access.verify(idAsAt), 'ERR_TOKEN_USE_MISMATCH', {
      claim: 'token_use',
      actual: 'id',
      expected: 'access',
    });
    const accessAsJwt = await pool.signId(key, pool.accessClaims({ aud: APP }));
    const error = await rejectsWithCode(ids.verify(accessAsJwt), 'ERR_TOKEN_USE_MISMATCH', {
      claim: 'token_use',
      actual: 'access',
      expected: 'id',
    });
    assert.equal(toHttpError(error).status, 401);
    const noUse = await pool.signId(key, pool.idClaims({ token_use: undefined }));
    await rejectsWithCode(ids.verify(noUse), 'ERR_TOKEN_USE_MISMATCH', {
      claim: 'token_use',
      actual: undefined,
      expected: 'id',
    });
  });

  test('tokenUse: null takes both kinds, each with its own client check, and typ must fit token_use', async () => {
    const either = keep(
      createVerifier({ issuer: pool.issuer, tokenUse: null, audience: 'lj-health-food', clientId: APP }),
    );
    assert.equal((await either.verify(await pool.signId(key, pool.idClaims()))).token_use, 'id');
    assert.equal((await either.verify(await pool.sign(key, pool.accessClaims()))).token_use, 'access');
    await rejectsWithCode(
      either.verify(await pool.signId(key, pool.idClaims({ aud: 'x' }))),
      'ERR_CLIENT_NOT_ALLOWED',
      {
        claim: 'aud',
        actual: 'x',
        expected: [APP],
      },
    );
    await rejectsWithCode(
      either.verify(await pool.sign(key, pool.accessClaims({ client_id: 'x' }))),
      'ERR_CLIENT_NOT_ALLOWED',
      { claim: 'client_id', actual: 'x', expected: [APP] },
    );
    const mixed = await pool.sign(key, pool.idClaims());
    await rejectsWithCode(either.verify(mixed), 'ERR_TYP_INVALID', {
      claim: 'typ',
      actual: 'at+jwt',
      expected: 'JWT',
    });
    await rejectsWithCode(
      either.verify(await pool.signId(key, pool.idClaims({ token_use: 'refresh' }))),
      'ERR_TOKEN_USE_MISMATCH',
      { claim: 'token_use', actual: 'refresh', expected: ['id', 'access'] },
    );
  });

  test('a machine verifier refuses pool tokens (another issuer), and a pool verifier machine tokens', async () => {
    const machine = await FakeIssuer.start();
    try {
      machine.keys.push(key);
      const m = keep(
        createVerifier({ issuer: machine.issuer, audience: 'lj-health-food', revocation: false }),
      );
      await rejectsWithCode(m.verify(await pool.sign(key, pool.accessClaims())), 'ERR_ISSUER_MISMATCH');
      const p = keep(
        createVerifier({
          issuer: pool.issuer,
          tokenUse: 'access',
          audience: 'lj-health-food',
          clientId: null,
        }),
      );
      const machineToken = await machine.sign(key, machine.claims({ aud: 'lj-health-food' }));
      await rejectsWithCode(p.verify(machineToken), 'ERR_ISSUER_MISMATCH');
      // Same issuer, no token_use: not a pool token.
      const forged = await pool.sign(key, pool.accessClaims({ token_use: undefined }));
      await rejectsWithCode(p.verify(forged), 'ERR_TOKEN_USE_MISMATCH');
    } finally {
      await machine.close();
    }
  });

  test('revocation settings: a pool advertises no list, so no poll and nothing goes stale', async () => {
    let now = Date.now();
    const errors: Error[] = [];
    const verifier = keep(
      createVerifier({
        issuer: pool.issuer,
        tokenUse: 'access',
        audience: 'lj-health-food',
        clientId: APP,
        revocation: { pollIntervalSeconds: 0.05, graceSeconds: 0.1 },
        now: () => now,
        onBackgroundError: (e) => errors.push(e),
        logger: { warn: (m) => errors.push(new Error(m)), error: (m) => errors.push(new Error(m)) },
      }),
    );
    await verifier.warm();
    const token = await pool.sign(key, pool.accessClaims({ exp: Math.floor(now / 1000) + 3600 }));
    assert.equal((await verifier.verify(token)).client_id, APP);
    now += 600_000; // far past the grace period
    assert.equal((await verifier.verify(token)).client_id, APP);
    assert.deepEqual(errors, []);
    assert.equal(pool.count(`${POOL}/revocations`), 0);
  });
});

describe('discovery: where the metadata of an issuer is', () => {
  test('a pool verifier falls back to RFC 8414’s inserted form on 404, and stops on any other failure', async () => {
    const pool = await FakeIssuer.start({ path: POOL });
    try {
      const key = pool.addKey('ES256');
      pool.metadataAt.clear();
      pool.metadataAt.add('oauth-inserted');
      const verifier = createVerifier({
        issuer: pool.issuer,
        tokenUse: 'id',
        clientId: APP,
        revocation: false,
      });
      assert.equal((await verifier.verify(await pool.signId(key, pool.idClaims()))).aud, APP);
      assert.equal(pool.count(`${POOL}/.well-known/openid-configuration`), 1);
      assert.equal(pool.count(`/.well-known/oauth-authorization-server${POOL}`), 1);

      pool.fail.add(`${POOL}/.well-known/openid-configuration`);
      const failing = createVerifier({
        issuer: pool.issuer,
        tokenUse: 'id',
        clientId: APP,
        revocation: false,
      });
      await rejectsWithCode(failing.verify(await pool.signId(key, pool.idClaims())), 'ERR_JWKS_UNAVAILABLE');
      assert.equal(pool.count(`/.well-known/oauth-authorization-server${POOL}`), 1, 'a 503 is not a 404');

      pool.fail.clear();
      pool.metadataAt.clear();
      const nowhere = createVerifier({
        issuer: pool.issuer,
        tokenUse: 'id',
        clientId: APP,
        revocation: false,
      });
      const error = await rejectsWithCode(nowhere.warm(), 'ERR_JWKS_UNAVAILABLE');
      assert.match(String((error.cause as Error | undefined)?.message ?? error.message), /not found|404/);
    } finally {
      await pool.close();
    }
  });

  test('a machine verifier asks exactly where it always did first, and finds an OpenID-only issuer', async () => {
    const machine = await FakeIssuer.start();
    try {
      const key = machine.addKey('ES256');
      const verifier = createVerifier({ issuer: machine.issuer, audience: 'orders', revocation: false });
      await verifier.verify(await machine.sign(key, machine.claims()));
      assert.equal(machine.count('/.well-known/oauth-authorization-server'), 1);
      assert.equal(machine.count('/.well-known/openid-configuration'), 0);

      machine.metadataAt.clear();
      machine.metadataAt.add('openid');
      const oidc = createVerifier({ issuer: machine.issuer, audience: 'orders', revocation: false });
      await oidc.verify(await machine.sign(key, machine.claims()));
      assert.equal(machine.count('/.well-known/oauth-authorization-server'), 2);
      assert.equal(machine.count('/.well-known/openid-configuration'), 1);
    } finally {
      await machine.close();
    }
  });
});
