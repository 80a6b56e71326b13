import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/open.js';
import { changesSince, latestChange, purgeChanges, recordChange } from '../../src/store/repos/changes.js';
import {
  deleteClient,
  findClient,
  insertClient,
  insertPermission,
  insertSecret,
  listPermissions,
  listSecrets,
} from '../../src/store/repos/clients.js';
import {
  deleteResourceServer,
  deleteScope,
  insertResourceServer,
  listScopes,
} from '../../src/store/repos/resource-servers.js';
import { getSetting, initSetting } from '../../src/store/repos/settings.js';
import {
  findRevokedToken,
  insertRevokedToken,
  listRevokedTokens,
  purgeExpiredTokenRecords,
  recordAssertionJti,
} from '../../src/store/repos/tokens.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { clientRow, NOW, openRaw, resourceServerRow, secretRow, sleep, uid } from './helpers.js';

async function count(db: Db, sql: string, params: string[]): Promise<number> {
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, params))?.n ?? -1;
}

for (const name of backendNames()) {
  describe(`repositories (${name})`, () => {
    let backend: TestBackend;
    let db: Db;

    before(async () => {
      backend = await createBackend(name);
      db = await openStore(backend);
    });
    after(async () => {
      await db?.close();
      await backend?.cleanup();
    });

    describe('change log', () => {
      test('changes recorded in transactions come back in seq order, from a given position', async () => {
        const start = await latestChange(db);
        const entities = Array.from({ length: 5 }, () => uid('e'));
        for (const [i, entity] of entities.entries()) {
          await db.transaction(async (tx) => {
            await recordChange(tx, i % 2 === 0 ? 'client' : 'resource_server', entity, NOW + i);
          });
        }
        // A rolled-back transaction leaves no change behind.
        await assert.rejects(
          db.transaction(async (tx) => {
            await recordChange(tx, 'client', 'rolled-back', NOW);
            throw new Error('abort');
          }),
          /abort/,
        );

        const changes = await changesSince(db, start);
        assert.deepEqual(
          changes.map((c) => c.entity_id),
          entities,
        );
        assert.deepEqual(
          changes.map((c) => c.kind),
          ['client', 'resource_server', 'client', 'resource_server', 'client'],
        );
        for (const [i, change] of changes.entries()) {
          assert.equal(typeof change.seq, 'number');
          assert.equal(change.at, NOW + i);
          if (i > 0) assert.ok(change.seq > (changes[i - 1]?.seq ?? Infinity), 'strictly increasing');
        }
        const last = changes.at(-1)?.seq ?? 0;
        assert.equal(await latestChange(db), last);
        assert.deepEqual(await changesSince(db, last), []);

        // From the middle, and with a limit.
        const second = changes[1]?.seq ?? 0;
        assert.deepEqual(
          (await changesSince(db, second)).map((c) => c.entity_id),
          entities.slice(2),
        );
        assert.deepEqual(
          (await changesSince(db, start, 2)).map((c) => c.entity_id),
          entities.slice(0, 2),
        );
      });

      test('purgeChanges drops old entries but never moves the latest position back', async () => {
        const before = await latestChange(db);
        await db.transaction((tx) => recordChange(tx, 'keys', 'old', NOW - 10_000));
        await db.transaction((tx) => recordChange(tx, 'keys', 'new', NOW + 10_000));
        await purgeChanges(db, NOW);
        const left = await changesSince(db, before);
        assert.deepEqual(
          left.map((c) => c.entity_id),
          ['new'],
        );
        // The next change still gets a higher seq than anything handed out before the purge.
        await db.transaction((tx) => recordChange(tx, 'keys', 'next', NOW + 20_000));
        const next = (await changesSince(db, left[0]?.seq ?? 0))[0];
        assert.ok(next && next.seq > (left[0]?.seq ?? 0));
      });

      test('concurrent writers: a poller reading between commits never skips a change', async () => {
        // Each writer allocates its seq and then holds its transaction open for a while, so
        // commits would land out of seq order if the log did not serialise them.
        const writerDb = openRaw(backend, { max: 12 });
        const WRITERS = 24;
        const tag = uid('w');
        const seen: number[] = [];
        let cursor = await latestChange(db);
        let done = false;
        let polls = 0;
        const poller = (async () => {
          while (!done) {
            for (const change of await changesSince(db, cursor)) {
              assert.ok(change.seq > cursor, 'a poll never returns a seq at or below its cursor');
              seen.push(change.seq);
              cursor = change.seq;
            }
            polls += 1;
            await sleep(1);
          }
        })();
        try {
          await Promise.all(
            Array.from({ length: WRITERS }, (_, i) =>
              writerDb.transaction(async (tx) => {
                await sleep(i % 4);
                await recordChange(tx, 'client', `${tag}-${i}`, NOW);
                await sleep((i * 7) % 11);
              }),
            ),
          );
        } finally {
          done = true;
          await poller;
          await writerDb.close();
        }
        for (const change of await changesSince(db, cursor)) {
          seen.push(change.seq);
          cursor = change.seq;
        }
        const written = await db.all<{ seq: number }>(
          'SELECT seq FROM changes WHERE entity_id LIKE ? ORDER BY seq',
          [`${tag}-%`],
        );
        assert.equal(written.length, WRITERS);
        const mine = new Set(written.map((r) => r.seq));
        assert.deepEqual(
          seen.filter((s) => mine.has(s)),
          [...mine],
          'the poller saw every change, in order',
        );
        assert.ok(polls > 3, `the poller really polled while writers ran (${polls} polls)`);
      });
    });

    describe('cascading deletes', () => {
      async function registry() {
        const rs = resourceServerRow(uid('rs_'));
        const scopes = ['read', 'write', 'admin'].map((s) => ({
          resource_server_id: rs.id,
          name: s,
          description: '',
        }));
        const clientId = uid('cl_');
        await db.transaction(async (tx) => {
          await insertResourceServer(tx, rs, scopes);
          await insertClient(tx, clientRow(clientId));
          for (const s of ['read', 'write', 'admin']) await insertPermission(tx, clientId, rs.id, s, NOW);
          await insertSecret(tx, secretRow(uid('sec_'), clientId));
          await insertSecret(tx, secretRow(uid('sec_'), clientId));
        });
        return { rs, clientId };
      }

      test('deleting a scope removes its grants, and nothing else', async () => {
        const { rs, clientId } = await registry();
        assert.equal(await deleteScope(db, rs.id, 'write'), 1);
        assert.equal(await deleteScope(db, rs.id, 'write'), 0);
        assert.deepEqual(
          (await listPermissions(db, clientId)).map((g) => g.scope),
          ['admin', 'read'],
        );
        assert.deepEqual(
          (await listScopes(db, rs.id)).map((s) => s.name),
          ['admin', 'read'],
        );
        assert.equal((await listSecrets(db, clientId)).length, 2);
      });

      test('deleting a resource server removes its scopes and every grant on it, not the client', async () => {
        const { rs, clientId } = await registry();
        const other = await registry();
        await insertPermission(db, clientId, other.rs.id, 'read', NOW);
        assert.equal(await deleteResourceServer(db, rs.id), true);
        assert.equal(await deleteResourceServer(db, rs.id), false);
        assert.deepEqual(await listScopes(db, rs.id), []);
        assert.equal(await count(db, 'client_permissions WHERE resource_server_id = ?', [rs.id]), 0);
        assert.deepEqual(
          (await listPermissions(db, clientId)).map((g) => `${g.identifier}/${g.scope}`),
          [`${other.rs.identifier}/read`],
        );
        assert.ok(await findClient(db, clientId), 'the client stays');
        assert.equal((await listSecrets(db, clientId)).length, 2);
        assert.equal((await listPermissions(db, other.clientId)).length, 3, "other servers' grants stay");
      });

      test('deleting a client removes its secrets and grants, not the resource server', async () => {
        const { rs, clientId } = await registry();
        assert.equal(await deleteClient(db, clientId), true);
        assert.equal(await deleteClient(db, clientId), false);
        assert.equal(await count(db, 'client_secrets WHERE client_id = ?', [clientId]), 0);
        assert.equal(await count(db, 'client_permissions WHERE client_id = ?', [clientId]), 0);
        assert.equal((await listScopes(db, rs.id)).length, 3);
      });

      test('a grant must name an existing scope and client', async () => {
        const { rs, clientId } = await registry();
        await assert.rejects(insertPermission(db, clientId, rs.id, 'no-such-scope', NOW));
        await assert.rejects(insertPermission(db, uid('ghost_'), rs.id, 'read', NOW));
        await assert.rejects(insertSecret(db, secretRow(uid('sec_'), uid('ghost_'))));
      });
    });

    describe('tokens and assertions', () => {
      test('recordAssertionJti accepts a jti once per client, and again once purged', async () => {
        const jti = uid('jti-');
        const [a, b] = [uid('cl_'), uid('cl_')];
        assert.equal(await recordAssertionJti(db, a, jti, NOW + 60_000), true);
        assert.equal(await recordAssertionJti(db, a, jti, NOW + 60_000), false);
        assert.equal(await recordAssertionJti(db, b, jti, NOW + 60_000), true, 'jti is per client');
        // Concurrent replays: exactly one wins.
        const replay = uid('jti-');
        const results = await Promise.all(
          Array.from({ length: 8 }, () => recordAssertionJti(db, a, replay, NOW + 60_000)),
        );
        assert.equal(results.filter(Boolean).length, 1);
        await purgeExpiredTokenRecords(db, NOW + 120_000);
        assert.equal(await recordAssertionJti(db, a, jti, NOW + 180_000), true);
      });

      test('insertRevokedToken is idempotent', async () => {
        const row = { jti: uid('tok-'), client_id: 'c1', expires_at: NOW + 3_600_000, revoked_at: NOW };
        assert.equal(await insertRevokedToken(db, row), true);
        assert.equal(await insertRevokedToken(db, { ...row, revoked_at: NOW + 5 }), false);
        assert.equal(await count(db, 'revoked_tokens WHERE jti = ?', [row.jti]), 1);
        assert.deepEqual(await findRevokedToken(db, row.jti), row, 'the first revocation is kept');
        assert.ok((await listRevokedTokens(db, NOW)).some((r) => r.jti === row.jti));
        assert.ok(!(await listRevokedTokens(db, NOW + 3_600_001)).some((r) => r.jti === row.jti));
        await purgeExpiredTokenRecords(db, NOW + 3_600_001);
        assert.equal(await findRevokedToken(db, row.jti), undefined);
      });
    });

    describe('settings', () => {
      test('initSetting keeps the first value written', async () => {
        const key = uid('k');
        assert.equal(await getSetting(db, key), undefined);
        assert.equal(await initSetting(db, key, 'first'), 'first');
        assert.equal(await initSetting(db, key, 'second'), 'first');
        assert.equal(await getSetting(db, key), 'first');
      });
    });
  });
}
