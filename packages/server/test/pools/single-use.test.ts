import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPostgres } from '../../src/store/postgres.js';
import type { Db } from '../../src/store/db.js';
import {
  consumePoolAuthCode,
  findPoolAuthCode,
  insertPoolAuthCode,
  type PoolAuthCodeRow,
  recordPoolAuthCodeIssue,
} from '../../src/store/repos/pool-auth-codes.js';
import {
  consumePoolRefreshToken,
  findPoolRefreshToken,
  insertPoolRefreshFamily,
  insertPoolRefreshToken,
  type PoolRefreshFamilyRow,
  type PoolRefreshTokenEntry,
  revokePoolRefreshFamily,
  revokePoolRefreshTokensOf,
} from '../../src/store/repos/pool-refresh-tokens.js';
import {
  deletePoolSession,
  deletePoolSessionsOf,
  findPoolSession,
  insertPoolSession,
  listPoolSessionsOf,
  purgePoolSessions,
  touchPoolSession,
} from '../../src/store/repos/pool-sessions.js';
import {
  consumePoolUserCode,
  putPoolUserCode,
  takePoolCodeAttempt,
} from '../../src/store/repos/pool-user-codes.js';
import {
  findPoolAuthCodeWithUser,
  findPoolRefreshTokenWithUser,
} from '../../src/store/repos/pool-grant-reads.js';
import { eachStore } from './harness.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

const session = (poolId: string, sub: string, idHash: string) => ({
  id_hash: idHash,
  pool_id: poolId,
  sub,
  auth_time: NOW,
  created_at: NOW,
  last_seen_at: NOW,
  expires_at: NOW + 1000,
  ip: null,
  user_agent: null,
});

eachStore('single-use values in the store', (world, backend) => {
  let ids: { poolId: string; clientId: string; sub: string } | undefined;
  const setup = async () => {
    if (ids) return ids;
    const { gatehouse, alice } = world();
    const pool = await gatehouse.userPools.create(
      { name: 'Grants', team: 'orders', requiredAttributes: [] },
      alice,
    );
    const client = await gatehouse.appClients.create(
      pool.id,
      { name: 'web', redirectUris: ['https://a.example.com/cb'] },
      alice,
    );
    const user = await gatehouse.poolUsers.create(pool.id, { username: 'max' }, alice);
    ids = { poolId: pool.id, clientId: client.clientId, sub: user.sub };
    return ids;
  };
  /** A second connection pool on PostgreSQL, as a second instance would have. */
  const second = (): Db => {
    const { gatehouse, backend: b } = world();
    return backend === 'postgres' && b.databaseUrl ? openPostgres(b.databaseUrl) : gatehouse.db;
  };
  const code = async (hash: string): Promise<PoolAuthCodeRow> => ({
    code_hash: hash,
    pool_id: (await setup()).poolId,
    client_id: (await setup()).clientId,
    sub: (await setup()).sub,
    session_id_hash: null,
    redirect_uri: 'https://a.example.com/cb',
    scope: 'openid',
    nonce: 'n',
    code_challenge: null,
    code_challenge_method: null,
    auth_time: NOW,
    expires_at: NOW + 60_000,
    used_at: null,
    family_id: null,
    access_jtis: null,
  });
  const family = async (id: string): Promise<PoolRefreshFamilyRow> => ({
    family_id: id,
    pool_id: (await setup()).poolId,
    client_id: (await setup()).clientId,
    sub: (await setup()).sub,
    scope: 'openid',
    auth_time: NOW,
    session_id_hash: null,
    created_at: NOW,
    family_expires_at: NOW + 86_400_000,
    revoked_at: null,
  });
  const token = (hash: string, familyId: string): PoolRefreshTokenEntry => ({
    family_id: familyId,
    token_hash: hash,
    created_at: NOW,
    idle_expires_at: NOW + 3_600_000,
    used_at: null,
  });
  const ref = (hash: string, familyId: string) => ({ familyId, tokenHash: hash });

  test('the grant reads give back every column as stored, with the person and their groups in order', async () => {
    const { gatehouse, alice } = world();
    const { poolId } = await setup();
    // A person of their own, so the other tests' counts of grants per person stay as they were.
    const { sub } = await gatehouse.poolUsers.create(poolId, { username: 'reader' }, alice);
    // Every column its own value, so a column read into another's place shows.
    const stored: PoolAuthCodeRow = {
      ...(await code('read-code')),
      sub,
      session_id_hash: 'sess',
      scope: 'openid email',
      nonce: 'nonce-1',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      auth_time: NOW - 5,
      expires_at: NOW + 7,
      used_at: NOW + 3,
      family_id: 'fam-read',
      access_jtis: '["j"]',
    };
    await insertPoolAuthCode(gatehouse.db, stored);
    assert.equal(await findPoolAuthCodeWithUser(gatehouse.db, 'no-such-code'), undefined);
    const lone = await findPoolAuthCodeWithUser(gatehouse.db, 'read-code');
    assert.deepEqual(lone?.row, stored);
    assert.equal(lone?.user?.sub, sub);
    assert.equal(lone?.user?.username, 'reader');
    assert.equal(lone?.user?.enabled, 1);
    assert.deepEqual(lone?.user?.groups, []);

    await gatehouse.poolGroups.create(poolId, { name: 'readers' }, alice);
    await gatehouse.poolGroups.create(poolId, { name: 'first', precedence: 0 }, alice);
    await gatehouse.poolGroups.addUser(poolId, 'readers', sub, alice);
    await gatehouse.poolGroups.addUser(poolId, 'first', sub, alice);
    const fam: PoolRefreshFamilyRow = {
      ...(await family('fam-read')),
      sub,
      scope: 'openid profile',
      auth_time: NOW - 9,
      session_id_hash: 'sess-2',
      created_at: NOW - 8,
      family_expires_at: NOW + 99,
    };
    const entry: PoolRefreshTokenEntry = {
      ...token('rt-read', 'fam-read'),
      created_at: NOW - 1,
      idle_expires_at: NOW + 11,
    };
    await insertPoolRefreshFamily(gatehouse.db, fam, entry);
    const found = await findPoolRefreshTokenWithUser(gatehouse.db, ref('rt-read', 'fam-read'));
    // The token's own columns over its family's (created_at is the token's).
    assert.deepEqual(found?.row, { ...fam, ...entry });
    assert.deepEqual(found?.user?.groups, ['first', 'readers']);
    assert.deepEqual((await findPoolAuthCodeWithUser(gatehouse.db, 'read-code'))?.user?.groups, [
      'first',
      'readers',
    ]);
    assert.equal(await findPoolRefreshTokenWithUser(gatehouse.db, ref('rt-other', 'fam-read')), undefined);
  });

  test('an authorization code is redeemed once, however many requests race for it', async () => {
    const { gatehouse } = world();
    const other = second();
    try {
      for (let round = 0; round < 5; round++) {
        await insertPoolAuthCode(gatehouse.db, await code(`code-${round}`));
        const wins = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            consumePoolAuthCode(i % 2 ? other : gatehouse.db, `code-${round}`, NOW + 1),
          ),
        );
        assert.equal(wins.filter(Boolean).length, 1, `round ${round}: ${wins.join()}`);
      }
      await recordPoolAuthCodeIssue(gatehouse.db, 'code-0', { familyId: 'fam-0', accessJtis: ['j1', 'j2'] });
      const used = await findPoolAuthCode(gatehouse.db, 'code-0');
      assert.equal(used?.used_at, NOW + 1);
      assert.equal(used?.family_id, 'fam-0');
      assert.deepEqual(JSON.parse(used?.access_jtis ?? 'null'), ['j1', 'j2']);
      // An expired code is never redeemed.
      await insertPoolAuthCode(gatehouse.db, await code('late'));
      assert.equal(await consumePoolAuthCode(gatehouse.db, 'late', NOW + 60_000), false);
    } finally {
      if (other !== gatehouse.db) await other.close();
    }
  });

  test('a refresh token rotates once; reuse revokes the family; global sign-out revokes them all', async () => {
    const { gatehouse } = world();
    const other = second();
    try {
      await insertPoolRefreshFamily(gatehouse.db, await family('fam-a'), token('rt-1', 'fam-a'));
      const wins = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          consumePoolRefreshToken(i % 2 ? other : gatehouse.db, 'fam-a', 'rt-1', NOW + 1),
        ),
      );
      assert.equal(wins.filter(Boolean).length, 1);
      assert.equal((await findPoolRefreshToken(gatehouse.db, ref('rt-1', 'fam-a')))?.used_at, NOW + 1);
      await insertPoolRefreshToken(gatehouse.db, token('rt-2', 'fam-a'));
      await insertPoolRefreshFamily(gatehouse.db, await family('fam-b'), token('rt-other', 'fam-b'));
      assert.equal(
        await consumePoolRefreshToken(gatehouse.db, 'fam-b', 'rt-2', NOW + 2),
        false,
        'a token is spent only within its own family',
      );
      assert.equal(await revokePoolRefreshFamily(gatehouse.db, 'fam-a', NOW + 2), 1);
      assert.equal(await revokePoolRefreshFamily(gatehouse.db, 'fam-a', NOW + 3), 0);
      assert.equal((await findPoolRefreshToken(gatehouse.db, ref('rt-2', 'fam-a')))?.revoked_at, NOW + 2);
      assert.equal(
        await consumePoolRefreshToken(gatehouse.db, 'fam-a', 'rt-2', NOW + 4),
        false,
        'a token of a revoked family is spent',
      );
      assert.equal(
        await consumePoolRefreshToken(gatehouse.db, 'fam-b', 'rt-other', NOW + 3_600_000),
        false,
        'idle expiry',
      );
      const { poolId, sub } = await setup();
      assert.equal(await revokePoolRefreshTokensOf(gatehouse.db, poolId, sub, NOW + 5), 1);
      assert.equal(await consumePoolRefreshToken(gatehouse.db, 'fam-b', 'rt-other', NOW + 6), false);
    } finally {
      if (other !== gatehouse.db) await other.close();
    }
  });

  test('sessions are stored by hash, touched, listed and ended per user', async () => {
    const { gatehouse } = world();
    const { poolId, sub } = await setup();
    for (const id of ['s1', 's2']) await insertPoolSession(gatehouse.db, session(poolId, sub, id));
    await touchPoolSession(gatehouse.db, 's1', NOW + 10);
    assert.equal((await findPoolSession(gatehouse.db, 's1'))?.last_seen_at, NOW + 10);
    assert.deepEqual((await listPoolSessionsOf(gatehouse.db, poolId, sub)).map((s) => s.id_hash).sort(), [
      's1',
      's2',
    ]);
    assert.equal(await deletePoolSession(gatehouse.db, 's1'), true);
    assert.equal(await deletePoolSession(gatehouse.db, 's1'), false);
    await purgePoolSessions(gatehouse.db, NOW + 999);
    assert.equal(await deletePoolSessionsOf(gatehouse.db, poolId, sub), 1);
    await insertPoolSession(gatehouse.db, { ...session(poolId, sub, 's3'), expires_at: NOW + 1 });
    await purgePoolSessions(gatehouse.db, NOW + 1);
    assert.equal(await findPoolSession(gatehouse.db, 's3'), undefined);
  });

  test('a user code allows a few attempts and is spent once', async () => {
    const { gatehouse } = world();
    const { sub } = await setup();
    await putPoolUserCode(gatehouse.db, {
      sub,
      purpose: 'confirm_sign_up',
      code_hash: 'h1',
      expires_at: NOW + 60_000,
      attempts: 0,
      created_at: NOW,
    });
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () => takePoolCodeAttempt(gatehouse.db, sub, 'confirm_sign_up', 3, NOW)),
    );
    assert.equal(attempts.filter(Boolean).length, 3);
    // A new code starts over.
    await putPoolUserCode(gatehouse.db, {
      sub,
      purpose: 'confirm_sign_up',
      code_hash: 'h2',
      expires_at: NOW + 60_000,
      attempts: 0,
      created_at: NOW,
    });
    assert.equal(await takePoolCodeAttempt(gatehouse.db, sub, 'confirm_sign_up', 3, NOW), true);
    assert.equal(await consumePoolUserCode(gatehouse.db, sub, 'confirm_sign_up', 'h1', NOW), false);
    const spent = await Promise.all(
      [1, 2].map(() => consumePoolUserCode(gatehouse.db, sub, 'confirm_sign_up', 'h2', NOW)),
    );
    assert.deepEqual(spent.sort(), [false, true]);
  });

  test('deleting a user takes their sessions, codes and grants with them', async () => {
    const { gatehouse, alice } = world();
    const { poolId, sub } = await setup();
    await insertPoolRefreshFamily(gatehouse.db, await family('fam-z'), token('rt-last', 'fam-z'));
    await gatehouse.poolUsers.delete(poolId, sub, alice);
    const tokens = await gatehouse.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM pool_refresh_family_tokens WHERE family_id = 'fam-z'",
    );
    assert.equal(Number(tokens?.n), 0, 'pool_refresh_family_tokens');
    for (const table of ['pool_refresh_families', 'pool_auth_codes', 'pool_user_codes', 'pool_sessions']) {
      const row = await gatehouse.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE sub = ?`, [
        sub,
      ]);
      assert.equal(Number(row?.n), 0, table);
    }
  });
});
