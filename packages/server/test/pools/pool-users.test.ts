import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/services/errors.js';
import { selfServiceActor } from '../../src/services/pools/self-service-actor.js';
import { ADMIN, eachStore, strongPassword } from './harness.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const person = selfServiceActor({ ip: '198.51.100.4', userAgent: 'browser' });

eachStore('pool users', (world) => {
  const newPool = async (settings: object = {}) => {
    const { gatehouse, alice } = world();
    return (await gatehouse.userPools.create({ name: 'People', team: 'orders', ...settings }, alice)).id;
  };

  test('an admin creates users: CONFIRMED with a password, FORCE_CHANGE_PASSWORD when temporary, RESET_REQUIRED without', async () => {
    const { gatehouse, alice } = world();
    const poolId = await newPool();
    const kim = await gatehouse.poolUsers.create(
      poolId,
      {
        username: 'Kim',
        email: 'Kim@Example.com',
        password: strongPassword(),
        attributes: { name: 'Kim Lee', 'custom:tier': 'gold' },
      },
      alice,
    );
    assert.match(kim.sub, UUID_V4);
    assert.equal(kim.status, 'CONFIRMED');
    assert.equal(kim.username, 'Kim');
    assert.equal(kim.email, 'kim@example.com');
    assert.equal(kim.emailVerified, false);
    assert.equal(kim.enabled, true);
    assert.deepEqual(kim.attributes, { name: 'Kim Lee', 'custom:tier': 'gold' });
    assert.deepEqual(kim.groups, []);
    const temp = await gatehouse.poolUsers.create(
      poolId,
      {
        username: 'lee',
        email: 'lee@example.com',
        password: strongPassword(),
        temporaryPassword: true,
        emailVerified: true,
      },
      alice,
    );
    assert.equal(temp.status, 'FORCE_CHANGE_PASSWORD');
    assert.equal(temp.emailVerified, true);
    const none = await gatehouse.poolUsers.create(
      poolId,
      { username: 'ash', email: 'ash@example.com' },
      alice,
    );
    assert.equal(none.status, 'RESET_REQUIRED');
    // Found by username in any case, or by sub.
    assert.equal((await gatehouse.poolUsers.get(poolId, 'KIM', alice)).sub, kim.sub);
    assert.equal((await gatehouse.poolUsers.get(poolId, kim.sub, alice)).username, 'Kim');
    const raw = await gatehouse.db.get<{ password_hash: string }>(
      'SELECT password_hash FROM pool_users WHERE sub = ?',
      [kim.sub],
    );
    assert.match(raw?.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test('usernames are unique in a pool without case; emails too where people sign in with them', async () => {
    const { gatehouse, alice } = world();
    const poolId = await newPool();
    await gatehouse.poolUsers.create(poolId, { username: 'sam', email: 'sam@example.com' }, alice);
    await assert.rejects(
      gatehouse.poolUsers.create(poolId, { username: 'SAM', email: 'other@example.com' }, alice),
      (error: unknown) => error instanceof ConflictError && /already has a user "SAM"/.test(error.message),
    );
    // In a username pool the same email may be used twice, as in Cognito.
    await gatehouse.poolUsers.create(poolId, { username: 'sam2', email: 'sam@example.com' }, alice);
    // Another pool is another namespace.
    await gatehouse.poolUsers.create(await newPool(), { username: 'sam', email: 'sam@example.com' }, alice);
    const emailPool = await newPool({ signInWith: 'email' });
    await gatehouse.poolUsers.create(emailPool, { username: 'one', email: 'pat@example.com' }, alice);
    await assert.rejects(
      gatehouse.poolUsers.create(emailPool, { username: 'two', email: 'PAT@example.com' }, alice),
      /already has a user with email pat@example.com/,
    );
    // Two sign-ups with one email at once: exactly one lands.
    const both = await Promise.allSettled(
      ['a', 'b'].map((u) =>
        gatehouse.poolUsers.create(emailPool, { username: u, email: 'race@example.com' }, alice),
      ),
    );
    assert.deepEqual(both.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const found = await gatehouse.poolUsers.findForSignIn(emailPool, 'Race@Example.com');
    assert.equal(found?.user?.email, 'race@example.com');
  });

  test('required attributes and the password policy are enforced with the field named', async () => {
    const { gatehouse, alice } = world();
    const poolId = await newPool({
      requiredAttributes: ['email', 'given_name'],
      passwordPolicy: { minLength: 10 },
    });
    const issuesOf = async (input: Parameters<typeof gatehouse.poolUsers.create>[1]) => {
      try {
        await gatehouse.poolUsers.create(poolId, input, alice);
      } catch (error) {
        assert.ok(error instanceof ValidationError, String(error));
        return error.issues.map((i) => `${i.path}: ${i.message}`);
      }
      return [];
    };
    assert.deepEqual(await issuesOf({ username: 'x' }), [
      'email: is required in this user pool',
      'attributes.given_name: is required in this user pool',
    ]);
    const base = { username: 'casey', email: 'casey@example.com', attributes: { given_name: 'Casey' } };
    assert.deepEqual(await issuesOf({ ...base, password: 'short-pw' }), [
      'password: must be at least 10 characters',
    ]);
    assert.deepEqual(await issuesOf({ ...base, password: 'Password123' }), [
      'password: is one of the most common passwords; choose one that is harder to guess',
    ]);
    assert.deepEqual(await issuesOf({ ...base, password: 'CASEY@example.com' }), [
      'password: must not be the username or email',
    ]);
    assert.deepEqual(await issuesOf({ ...base, attributes: { given_name: 'C', email: 'x' } }), [
      'attributes.email: is set by the email and emailVerified fields, not as an attribute',
    ]);
    assert.deepEqual(await issuesOf({ ...base, attributes: { given_name: 'C', shoe: '42' } }), [
      'attributes.shoe: is neither a standard claim nor custom:<name> (letters, digits, "_" and "-", up to 20)',
    ]);
    assert.deepEqual(await issuesOf({ ...base, username: 'has space' }), [
      'username: may contain letters, digits, symbols and punctuation, no spaces',
    ]);
    assert.deepEqual(await issuesOf({ ...base, password: strongPassword() }), []);
  });

  test('sign-up: UNCONFIRMED until confirmed, CONFIRMED at once where the pool auto-confirms, refused where it is off', async () => {
    const { gatehouse, alice } = world();
    const open = await newPool({ selfSignUp: true });
    const user = await gatehouse.poolUsers.signUp(
      open,
      { username: 'river', email: 'river@example.com', password: strongPassword() },
      person,
    );
    assert.equal(user.status, 'UNCONFIRMED');
    const confirmed = await gatehouse.poolUsers.confirm(open, 'river', alice);
    assert.equal(confirmed.status, 'CONFIRMED');
    await assert.rejects(gatehouse.poolUsers.confirm(open, 'river', alice), /is CONFIRMED, not UNCONFIRMED/);
    const auto = await newPool({ selfSignUp: true, autoConfirm: true });
    const at = await gatehouse.poolUsers.signUp(
      auto,
      { username: 'r', email: 'r@example.com', password: strongPassword() },
      person,
    );
    assert.equal(at.status, 'CONFIRMED');
    const closed = await newPool();
    await assert.rejects(
      gatehouse.poolUsers.signUp(
        closed,
        { username: 'x', email: 'x@example.com', password: strongPassword() },
        person,
      ),
      /does not allow sign-up/,
    );
    // The people side's actor holds no rights: it cannot be used for an admin's work.
    await assert.rejects(gatehouse.poolUsers.confirm(open, 'river', person), ForbiddenError);
    const { events } = await gatehouse.audit.list(ADMIN, { targetId: user.sub });
    assert.deepEqual(
      events.map((e) => `${e.actor.name} ${e.action} ${e.ip}`),
      ['alice pool_user.confirm 203.0.113.7', 'self-service pool_user.sign_up 198.51.100.4'],
    );
  });

  test('disable ends sessions and refresh tokens; set-password and sign-out too', async () => {
    const { gatehouse, alice, clock } = world();
    const poolId = await newPool({ requiredAttributes: [] });
    const user = await gatehouse.poolUsers.create(
      poolId,
      { username: 'drew', password: strongPassword() },
      alice,
    );
    const client = await gatehouse.appClients.create(
      poolId,
      { name: 'web', redirectUris: ['https://a.example.com/cb'] },
      alice,
    );
    const grant = async () => {
      const now = clock.now();
      await gatehouse.db.run(
        `INSERT INTO pool_sessions (id_hash, pool_id, sub, auth_time, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [`s-${now}-${Math.random()}`, poolId, user.sub, now, now, now, now + 1000],
      );
      const familyId = `fam-${now}-${Math.random()}`;
      await gatehouse.db.run(
        `INSERT INTO pool_refresh_families (family_id, pool_id, client_id, sub, scope, auth_time, created_at, family_expires_at)
         VALUES (?, ?, ?, ?, 'openid', ?, ?, ?)`,
        [familyId, poolId, client.clientId, user.sub, now, now, now + 1000],
      );
      await gatehouse.db.run(
        `INSERT INTO pool_refresh_family_tokens (family_id, token_hash, created_at, idle_expires_at) VALUES (?, ?, ?, ?)`,
        [familyId, `r-${now}-${Math.random()}`, now, now + 1000],
      );
    };
    const live = async () => {
      const row = await gatehouse.db.get<{ s: number; r: number }>(
        'SELECT (SELECT COUNT(*) FROM pool_sessions WHERE sub = ?) AS s, (SELECT COUNT(*) FROM pool_refresh_families WHERE sub = ? AND revoked_at IS NULL) AS r',
        [user.sub, user.sub],
      );
      return [Number(row?.s), Number(row?.r)];
    };
    await grant();
    assert.deepEqual(await live(), [1, 1]);
    assert.equal((await gatehouse.poolUsers.disable(poolId, 'drew', alice)).enabled, false);
    assert.deepEqual(await live(), [0, 0]);
    assert.equal((await gatehouse.poolUsers.enable(poolId, 'drew', alice)).enabled, true);
    await grant();
    const temp = await gatehouse.poolUsers.setPassword(poolId, 'drew', { password: strongPassword() }, alice);
    assert.equal(temp.status, 'FORCE_CHANGE_PASSWORD');
    assert.deepEqual(await live(), [0, 0]);
    const perm = await gatehouse.poolUsers.setPassword(
      poolId,
      'drew',
      { password: strongPassword(), permanent: true },
      alice,
    );
    assert.equal(perm.status, 'CONFIRMED');
    await assert.rejects(
      gatehouse.poolUsers.setPassword(poolId, 'drew', { password: 'drew', permanent: true }, alice),
      /must be at least 12 characters; password: must not be the username or email/,
    );
    await grant();
    await grant();
    assert.deepEqual(await gatehouse.poolUsers.signOut(poolId, 'drew', alice), {
      sessionsEnded: 2,
      refreshTokensRevoked: 2,
    });
    assert.deepEqual(await live(), [0, 0]);
  });

  test('list searches usernames and emails by prefix, with groups; delete removes the user for good', async () => {
    const { gatehouse, alice, bob } = world();
    const poolId = await newPool({ requiredAttributes: [] });
    for (const [username, email] of [
      ['alpha', 'zed@example.com'],
      ['beta', 'al@example.com'],
      ['gamma', null],
      ['a_b', null],
    ] as const) {
      await gatehouse.poolUsers.create(poolId, { username, ...(email ? { email } : {}) }, alice);
    }
    await gatehouse.poolGroups.create(poolId, { name: 'admins' }, alice);
    await gatehouse.poolGroups.addUser(poolId, 'admins', 'alpha', alice);
    const names = async (search?: string) =>
      (await gatehouse.poolUsers.list(poolId, alice, { search })).map(
        (u) => `${u.username}${u.groups.length ? `[${u.groups.join()}]` : ''}`,
      );
    assert.deepEqual(await names(), ['a_b', 'alpha[admins]', 'beta', 'gamma']);
    assert.deepEqual(await names('AL'), ['alpha[admins]', 'beta']);
    assert.deepEqual(await names('a_'), ['a_b']);
    assert.deepEqual(await names('%'), []);
    await assert.rejects(gatehouse.poolUsers.list(poolId, bob), ForbiddenError);
    await assert.rejects(gatehouse.poolUsers.create(poolId, { username: 'x' }, bob), ForbiddenError);
    const alpha = await gatehouse.poolUsers.get(poolId, 'alpha', alice);
    await gatehouse.poolUsers.delete(poolId, 'alpha', alice);
    await assert.rejects(gatehouse.poolUsers.get(poolId, alpha.sub, alice), NotFoundError);
    const again = await gatehouse.poolUsers.create(poolId, { username: 'alpha' }, alice);
    assert.notEqual(again.sub, alpha.sub);
    assert.deepEqual(again.groups, []);
  });
});
