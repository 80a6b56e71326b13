import * as assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sha256Base64url } from '../../../src/crypto/secrets.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { CALLBACK, PoolGate } from './harness.js';

const REFRESH_REFUSED = {
  error: 'invalid_grant',
  error_description: 'refresh token is invalid, expired or revoked',
};
const DAY = 86_400_000;

eachBackend(
  'pool token endpoint: refresh_token',
  (name) => new PoolGate(name),
  (gate) => {
    async function signIn(scope?: string): Promise<{ refresh: string; access: string }> {
      const answer = await gate.redeem(
        await gate.code({ client: gate.confidential, ...(scope ? { scope } : {}) }),
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return { refresh: String(answer.body?.refresh_token), access: String(answer.body?.access_token) };
    }

    test('rotation: each refresh answers a new refresh token and an ID token without nonce', async () => {
      const { refresh } = await signIn();
      gate.clock.advance(1000);
      const answer = await gate.refresh(refresh);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const next = String(answer.body?.refresh_token);
      assert.notEqual(next, refresh);
      assert.equal(answer.body?.scope, 'openid email profile');
      const id = await gate.verify(String(answer.body?.id_token), {
        audience: gate.confidential.clientId,
        typ: 'JWT',
      });
      assert.equal(id.nonce, undefined);
      assert.equal(id.auth_time, Math.floor((gate.clock.now() - 1000) / 1000));
      assert.equal((await gate.refresh(next)).status, 200);
    });

    test('reuse of a rotated token revokes the whole family', async () => {
      const { refresh } = await signIn();
      const second = String((await gate.refresh(refresh)).body?.refresh_token);
      const replay = await gate.refresh(refresh);
      assert.equal(replay.status, 400);
      assert.deepEqual(replay.body, REFRESH_REFUSED);
      const after = await gate.refresh(second);
      assert.equal(after.status, 400, 'the newest member of the family is revoked too');
      assert.deepEqual(after.body, REFRESH_REFUSED);
    });

    test('a token from before families were named in tokens rotates into the new form; its reuse still revokes', async () => {
      const { refresh } = await signIn();
      // What migration 18 leaves for a sign-in of an earlier release: a family with a version 4
      // id, and a token of 256 bits that names no family, found through the legacy table.
      const db = gate.server.gatehouse.db;
      const familyId = randomUUID();
      const old = randomBytes(32).toString('base64url');
      const now = gate.clock.now();
      await db.run(
        `INSERT INTO pool_refresh_families (family_id, pool_id, client_id, sub, scope, auth_time, session_id_hash,
           created_at, family_expires_at, revoked_at)
         SELECT ?, pool_id, client_id, sub, scope, auth_time, session_id_hash, created_at, family_expires_at, NULL
         FROM pool_refresh_families WHERE family_id = ?`,
        [familyId, refresh.split('.')[0] as string],
      );
      await db.run(
        'INSERT INTO pool_refresh_family_tokens (family_id, token_hash, created_at, idle_expires_at) VALUES (?, ?, ?, ?)',
        [familyId, sha256Base64url(old), now, now + DAY],
      );
      await db.run('INSERT INTO pool_refresh_legacy_tokens (token_hash, family_id) VALUES (?, ?)', [
        sha256Base64url(old),
        familyId,
      ]);
      const rotated = await gate.refresh(old);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const next = String(rotated.body?.refresh_token);
      assert.ok(next.startsWith(`${familyId}.`), next);
      gate.clock.advance(1000);
      const again = await gate.refresh(next);
      assert.equal(again.status, 200, 'the token in the new form, naming a version 4 family, is found');
      const newest = String(again.body?.refresh_token);
      assert.deepEqual((await gate.refresh(old)).body, REFRESH_REFUSED);
      assert.deepEqual((await gate.refresh(newest)).body, REFRESH_REFUSED, 'the reuse revoked the family');
      assert.equal((await gate.refresh(refresh)).status, 200, 'another sign-in is untouched');
    });

    test('one refresh token sent 30 times at once: one rotation wins, and the replays revoke the family', async () => {
      const { refresh } = await signIn();
      const answers = await Promise.all(Array.from({ length: 30 }, () => gate.refresh(refresh)));
      const won = answers.filter((a) => a.status === 200);
      assert.equal(won.length, 1, answers.map((a) => a.status).join());
      for (const lost of answers.filter((a) => a.status !== 200))
        assert.deepEqual(lost.body, REFRESH_REFUSED);
      const next = String(won[0]?.body?.refresh_token);
      assert.deepEqual((await gate.refresh(next)).body, REFRESH_REFUSED, 'the replays revoked its family');
    });

    test('good, unknown and replayed tokens at once: each answer is its own, and one replay takes only its family', async () => {
      const good = await Promise.all(Array.from({ length: 6 }, () => signIn()));
      const twice = (await signIn()).refresh;
      const unknown = Array.from(
        { length: 6 },
        () => `${randomUUID()}.${randomBytes(32).toString('base64url')}`,
      );
      const answers = await Promise.all([
        ...good.map((g) => gate.refresh(g.refresh)),
        ...unknown.map((u) => gate.refresh(u)),
        gate.refresh(twice),
        gate.refresh(twice),
      ]);
      const [goodAnswers, unknownAnswers, twiceAnswers] = [
        answers.slice(0, 6),
        answers.slice(6, 12),
        answers.slice(12),
      ];
      for (const answer of goodAnswers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
      for (const answer of unknownAnswers) assert.deepEqual(answer.body, REFRESH_REFUSED);
      assert.deepEqual(
        twiceAnswers.map((a) => a.status).sort(),
        [200, 400],
        'of one token sent twice, one rotation wins',
      );
      const rotated = String(twiceAnswers.find((a) => a.status === 200)?.body?.refresh_token);
      assert.deepEqual((await gate.refresh(rotated)).body, REFRESH_REFUSED, 'the replay revoked its family');
      for (const answer of goodAnswers) {
        assert.equal(
          (await gate.refresh(String(answer.body?.refresh_token))).status,
          200,
          'the others live on',
        );
      }
    });

    test('a token is found only in the family it names', async () => {
      const first = (await signIn()).refresh;
      const second = (await signIn()).refresh;
      const [, secret] = first.split('.');
      const forged = `${second.split('.')[0]}.${secret}`;
      assert.deepEqual((await gate.refresh(forged)).body, REFRESH_REFUSED);
      assert.equal((await gate.refresh(first)).status, 200, 'the refused guess spent nothing');
      assert.equal((await gate.refresh(second)).status, 200);
    });

    test('scope can only narrow', async () => {
      const { refresh } = await signIn();
      const narrowed = await gate.refresh(refresh, { scope: 'openid email' });
      assert.equal(narrowed.status, 200);
      assert.equal(narrowed.body?.scope, 'openid email');
      const wider = await gate.refresh(String(narrowed.body?.refresh_token), { scope: 'openid phone' });
      assert.equal(wider.status, 400);
      assert.deepEqual(wider.body, {
        error: 'invalid_scope',
        error_description: 'a requested scope was not granted to this refresh token; scope can only narrow',
      });
      // The refused request did not spend the token, and the family keeps what was granted.
      const full = await gate.refresh(String(narrowed.body?.refresh_token));
      assert.equal(full.body?.scope, 'openid email profile');
    });

    test('idle expiry: unused for 14 days, refused', async () => {
      const { refresh } = await signIn();
      const start = gate.clock.now();
      gate.clock.advance(14 * DAY);
      try {
        assert.deepEqual((await gate.refresh(refresh)).body, REFRESH_REFUSED);
      } finally {
        gate.clock.set(start);
      }
    });

    test('absolute expiry: used every 10 days, refused after 30', async () => {
      let { refresh } = await signIn();
      const start = gate.clock.now();
      try {
        for (let day = 10; day < 30; day += 10) {
          gate.clock.set(start + day * DAY);
          const answer = await gate.refresh(refresh);
          assert.equal(answer.status, 200, `day ${day}`);
          refresh = String(answer.body?.refresh_token);
        }
        gate.clock.set(start + 30 * DAY);
        assert.deepEqual((await gate.refresh(refresh)).body, REFRESH_REFUSED);
      } finally {
        gate.clock.set(start);
      }
    });

    test('with refreshRotation off the same token keeps working and none is answered', async () => {
      const keeper = (await gate.appClient({
        name: 'keeper',
        public: false,
        redirectUris: [CALLBACK],
        logoutUris: [],
        scopes: ['openid'],
        settings: { refreshRotation: false },
      })) as { clientId: string; clientSecret: string };
      const code = await gate.code({ client: keeper, scope: 'openid' });
      const auth = {
        authorization: `Basic ${Buffer.from(`${keeper.clientId}:${keeper.clientSecret}`).toString('base64')}`,
      };
      const { postForm } = await import('./harness.js');
      const first = await postForm(
        gate.token,
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        auth,
      );
      const refresh = String(first.body?.refresh_token);
      for (let i = 0; i < 2; i++) {
        const answer = await postForm(
          gate.token,
          { grant_type: 'refresh_token', refresh_token: refresh },
          auth,
        );
        assert.equal(answer.status, 200);
        assert.equal(answer.body?.refresh_token, undefined);
      }
    });

    test('another client cannot use the refresh token', async () => {
      const { refresh } = await signIn();
      const { postForm } = await import('./harness.js');
      const answer = await postForm(gate.token, {
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: gate.spa.clientId,
      });
      assert.deepEqual(answer.body, REFRESH_REFUSED);
    });

    test('a disabled user, and a user whose password changed, get invalid_grant', async () => {
      const g = gate.server.gatehouse;
      const { refresh } = await signIn();
      await g.poolUsers.disable(gate.poolId, 'alice', CLI_ACTOR);
      assert.deepEqual((await gate.refresh(refresh)).body, REFRESH_REFUSED);
      await g.poolUsers.enable(gate.poolId, 'alice', CLI_ACTOR);

      const second = await signIn();
      gate.clock.advance(1000);
      await g.poolUsers.setPassword(
        gate.poolId,
        'alice',
        { password: `New-${Date.now()}-pw-xyz`, permanent: true },
        CLI_ACTOR,
      );
      assert.deepEqual((await gate.refresh(second.refresh)).body, REFRESH_REFUSED);
    });
  },
);
