// apply is one transaction: a failure anywhere leaves the store, the audit log and the change log as they were.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parseConfigText } from '../../src/services/config-code/parse.js';
import { ConfigCodeService } from '../../src/services/config-code/service.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import type { Db, SqlValue } from '../../src/store/db.js';
import { changesSince, latestChange } from '../../src/store/repos/changes.js';
import { describeEachBackend, ok } from '../admin/harness.js';
import { runInProcess } from '../cli/helpers.js';

/** The store, except that statements `failOn` matches fail as a lost disk would. */
function failing(db: Db, failOn: (sql: string) => boolean): Db {
  const wrap = (inner: Db): Db => ({
    dialect: inner.dialect,
    all: <T>(sql: string, params?: readonly SqlValue[]) => inner.all<T>(sql, params),
    get: <T>(sql: string, params?: readonly SqlValue[]) => inner.get<T>(sql, params),
    rows: (sql: string, params?: readonly SqlValue[]) => inner.rows(sql, params),
    run: async (sql: string, params?: readonly SqlValue[]) => {
      if (failOn(sql)) throw new Error('the disk went away');
      return inner.run(sql, params);
    },
    transaction: (fn, options) => inner.transaction((tx) => fn(wrap(tx)), options),
    exec: (sql: string) => inner.exec(sql),
    close: () => inner.close(),
  });
  return wrap(db);
}

const FILE = `resourceServers:
  - identifier: alpha
    name: Alpha
    scopes: { read: Read }
  - identifier: beta
    name: Beta
    scopes: { write: Write }
clients:
  - name: alpha-reader
    scopes: [alpha/read, beta/write]
`;

describeEachBackend('apply in one transaction', (gate) => {
  let db: Db;
  let reader: { clientId: string; secret: string } | undefined;
  before(() => {
    db = gate.server.gatehouse.db;
  });

  const audit = async (action: string) =>
    (ok(await gate.admin.get(`/api/v1/audit?action=${action}`)).events as unknown[]).length;

  test('a store failure on the last write leaves nothing behind: registry, audit log, change log', async () => {
    const { file } = parseConfigText(FILE);
    const seq = await latestChange(db);
    const auditBefore = await audit('resource_server.create');
    // The client's secret is written last of all: everything before it must roll back.
    const broken = new ConfigCodeService(
      failing(db, (sql) => sql.includes('INSERT INTO client_secrets')),
      gate.clock,
      {
        allowHttpJwksUri: false,
      },
    );
    await assert.rejects(broken.apply(CLI_ACTOR, file), /the disk went away/);
    const service = gate.server.gatehouse.configCode;
    const plan = await service.plan(CLI_ACTOR, file);
    assert.deepEqual(
      plan.changes.map((c) => `${c.action} ${c.key}`),
      ['create alpha', 'create beta', 'create alpha-reader'],
    );
    assert.equal(await latestChange(db), seq, 'no change-log entry survived');
    assert.equal(await audit('resource_server.create'), auditBefore);
    assert.equal(await audit('config.apply'), 0);
  });

  test('a failure writing the second entry rolls back the first', async () => {
    const { file } = parseConfigText(FILE);
    // beta's insert fails after alpha's went in.
    let inserted = 0;
    const second = new ConfigCodeService(
      failing(db, (sql) => sql.includes('INSERT INTO resource_servers') && ++inserted === 2),
      gate.clock,
      { allowHttpJwksUri: false },
    );
    await assert.rejects(second.apply(CLI_ACTOR, file), /the disk went away/);
    assert.equal(inserted, 2);
    assert.equal((await gate.server.gatehouse.configCode.plan(CLI_ACTOR, file)).changes.length, 3);
  });

  test('a successful apply records a change per entity and one summary audit entry, in the same transaction', async () => {
    const { file } = parseConfigText(FILE);
    const seq = await latestChange(db);
    const applied = await gate.server.gatehouse.configCode.apply(CLI_ACTOR, file);
    gate.secrets.push(...applied.secrets.map((s) => s.secret));
    const changes = await changesSince(db, seq);
    const ids = new Set(applied.created.map((c) => c.id));
    assert.ok(changes.some((c) => c.kind === 'resource_server' && ids.has(c.entity_id)));
    assert.ok(changes.some((c) => c.kind === 'client' && ids.has(c.entity_id)));
    assert.equal(await audit('config.apply'), 1);
    assert.deepEqual((await gate.server.gatehouse.configCode.plan(CLI_ACTOR, file)).changes, []);
    // The token path follows: the new client gets a token for both APIs' scopes.
    await gate.sync();
    const secret = applied.secrets[0];
    assert.ok(secret);
    const token = await gate.token(secret.clientId, secret.secret, 'beta/write');
    assert.equal(token.status, 200, token.text);
    reader = { clientId: secret.clientId, secret: secret.secret };
  });

  test("an apply by another process reaches the running server's token path through the change log", async () => {
    assert.ok(reader);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const path = join(dir, 'gatehouse.yaml');
    writeFileSync(path, FILE.replace('[alpha/read, beta/write]', '[alpha/read]'));
    const applied = await runInProcess(['apply', '-f', path], gate.backend.env());
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /- scopes: "beta\/write"/);
    // The server did not make the change: it hears of it from the change log within a second.
    const deadline = Date.now() + 5000;
    let status = 200;
    while (Date.now() < deadline && status === 200) {
      status = (await gate.token(reader.clientId, reader.secret, 'beta/write')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(status, 400);
    assert.equal((await gate.token(reader.clientId, reader.secret, 'alpha/read')).status, 200);
    rmSync(dir, { recursive: true, force: true });
  });
});
