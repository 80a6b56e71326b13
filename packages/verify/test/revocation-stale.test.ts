import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createVerifier,
  toHttpError,
  type Verifier,
  type VerifierOptions,
  VerifyError,
} from '../src/index.js';
import { rejectsWithCode } from './support/assert.js';
import { FakeIssuer, type FakeKey } from './support/fake-issuer.js';

/** Polls `check` until it stops throwing, for at most `timeoutMs` of real time. */
async function eventually(check: () => Promise<unknown> | unknown, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() - start > timeoutMs) throw error;
      await sleep(20);
    }
  }
}

const GRACE_S = 30;

describe('a revocation list that cannot be refreshed (injected clock)', () => {
  let issuer: FakeIssuer;
  let key: FakeKey;
  /** The verifier under test: its own clock and what it reported (earlier ones are closed). */
  let current: Verifier | undefined;
  let clock: number;
  let errors: Error[];
  let lines: { level: 'warn' | 'error'; line: string }[];

  before(async () => {
    issuer = await FakeIssuer.start();
    key = issuer.addKey('ES256');
  });
  afterEach(() => current?.close());
  after(() => issuer.close());

  function make(revocation: VerifierOptions['revocation'] = {}): Verifier {
    clock = Date.now();
    const reported: Error[] = [];
    const logged: typeof lines = [];
    errors = reported;
    lines = logged;
    current = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 0.05, graceSeconds: GRACE_S, ...revocation },
      now: () => clock,
      onBackgroundError: (error) => reported.push(error),
      logger: {
        warn: (line) => logged.push({ level: 'warn', line }),
        error: (line) => logged.push({ level: 'error', line }),
      },
    });
    return current;
  }

  const staleReports = () =>
    errors.filter((e) => e instanceof VerifyError && e.code === 'ERR_REVOCATION_STALE').length;

  /** Makes the list endpoint fail and waits for a poll to have failed. */
  async function breakList(): Promise<void> {
    issuer.fail.add('/revocations');
    const before = errors.length;
    await eventually(() =>
      assert.ok(errors.length > before && /HTTP 503/.test(errors.at(-1)?.message ?? '')),
    );
  }

  test('past graceSeconds verify() rejects with ERR_REVOCATION_STALE, said once; a fresh list ends it', async () => {
    const verifier = make();
    await verifier.warm();
    const token = await issuer.sign(key, issuer.claims());
    try {
      await breakList();
      clock += GRACE_S * 1000;
      await verifier.verify(token);
      assert.equal(staleReports(), 0, 'not stale at exactly the grace period');

      clock += 1000;
      const stale = await rejectsWithCode(verifier.verify(token), 'ERR_REVOCATION_STALE');
      assert.match(stale.message, /not been refreshed for 31 s \(grace 30 s\); last error: .*HTTP 503/);
      assert.equal(toHttpError(stale).status, 503);
      await rejectsWithCode(verifier.verify(token), 'ERR_REVOCATION_STALE');
      // A token that fails on its own merits still says why.
      const expired = await issuer.sign(key, issuer.claims({ exp: Math.floor(clock / 1000) - 60 }));
      await rejectsWithCode(verifier.verify(expired), 'ERR_TOKEN_EXPIRED');
      await sleep(200);
      await rejectsWithCode(verifier.verify(token), 'ERR_REVOCATION_STALE');
      assert.equal(staleReports(), 1, 'onBackgroundError hears it once, not per request or poll');
      assert.deepEqual(
        lines.map((l) => l.level),
        ['error'],
      );
      assert.match(lines[0]?.line ?? '', /refusing every token with ERR_REVOCATION_STALE/);
    } finally {
      issuer.fail.delete('/revocations');
    }
    await eventually(() => verifier.verify(token));
    assert.deepEqual(
      lines.map((l) => l.level),
      ['error', 'warn'],
    );
    assert.match(lines[1]?.line ?? '', /fresh again/);
  });

  test('with no list ever fetched, the grace period counts from the first poll', async () => {
    issuer.fail.add('/revocations');
    try {
      const verifier = make();
      await verifier.warm();
      const token = await issuer.sign(key, issuer.claims());
      await verifier.verify(token);
      clock += (GRACE_S + 1) * 1000;
      await rejectsWithCode(verifier.verify(token), 'ERR_REVOCATION_STALE');
    } finally {
      issuer.fail.delete('/revocations');
    }
  });

  test('failOpen: true keeps accepting tokens on a stale list, with the last good list, and says so once', async () => {
    const verifier = make({ failOpen: true });
    const revoked = issuer.claims();
    issuer.revocation.revoked_tokens = [{ jti: revoked.jti as string, exp: revoked.exp as number }];
    try {
      await verifier.warm();
      const token = await issuer.sign(key, issuer.claims());
      await breakList();
      clock += (GRACE_S + 1) * 1000;
      await verifier.verify(token);
      await rejectsWithCode(verifier.verify(await issuer.sign(key, revoked)), 'ERR_TOKEN_REVOKED');
      await sleep(150);
      await verifier.verify(token);
      assert.equal(staleReports(), 1);
      assert.equal(lines.length, 1);
      assert.match(lines[0]?.line ?? '', /accepting tokens anyway \(revocation\.failOpen\)/);
    } finally {
      issuer.fail.delete('/revocations');
      issuer.revocation.revoked_tokens = [];
    }
  });

  test('a verifier that slept past the grace period (a thawed Lambda) refreshes once before deciding', async () => {
    const verifier = make({ pollIntervalSeconds: 10 });
    await verifier.warm();
    const token = await issuer.sign(key, issuer.claims());
    const polls = issuer.count('/revocations');
    clock += 10 * GRACE_S * 1000;
    await verifier.verify(token);
    assert.equal(issuer.count('/revocations'), polls + 1);
    assert.equal(staleReports(), 0);
    assert.deepEqual(lines, []);
  });

  test('graceSeconds, failOpen, logger and now are checked at construction', () => {
    const base = { issuer: issuer.issuer, audience: 'orders' };
    assert.throws(
      () => createVerifier({ ...base, revocation: { pollIntervalSeconds: 10, graceSeconds: 15 } }),
      { name: 'TypeError', message: /graceSeconds must be at least twice pollIntervalSeconds \(20\)/ },
    );
    assert.throws(() => createVerifier({ ...base, revocation: { graceSeconds: -1 } }), TypeError);
    assert.throws(
      () => createVerifier({ ...base, revocation: { failOpen: 'yes' as unknown as boolean } }),
      /revocation\.failOpen must be a boolean/,
    );
    assert.throws(
      () => createVerifier({ ...base, logger: {} as VerifierOptions['logger'] }),
      /logger must have warn\(message\) and error\(message\)/,
    );
    assert.throws(
      () => createVerifier({ ...base, now: 5 as unknown as () => number }),
      /now must be a function/,
    );
    // The default grace follows a long poll interval.
    createVerifier({ ...base, revocation: { pollIntervalSeconds: 100 } }).close();
  });
});

describe('the list as the verifier fetches it (stand-in issuer)', () => {
  let issuer: FakeIssuer;
  let key: FakeKey;
  before(async () => {
    issuer = await FakeIssuer.start();
    key = issuer.addKey('ES256');
  });
  after(() => issuer.close());

  test('changes since the cursor are applied: new revocations, disabled and re-enabled clients', async () => {
    const errors: Error[] = [];
    const gone = issuer.claims({ client_id: 'gone' });
    const back = issuer.claims({ client_id: 'back' });
    const later = issuer.claims();
    issuer.revocation = { revoked_tokens: [], disabled_clients: ['back'] };
    issuer.revocationExtra = { full: true, cursor: 'c1' };
    const v = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 0.05 },
      onBackgroundError: (e) => errors.push(e),
    });
    try {
      await v.warm();
      await rejectsWithCode(v.verify(await issuer.sign(key, back)), 'ERR_TOKEN_REVOKED');
      issuer.revocation = {
        revoked_tokens: [{ jti: later.jti as string, exp: later.exp as number }],
        disabled_clients: ['gone'],
      };
      issuer.revocationExtra = { full: false, cursor: 'c2', enabled_clients: ['back'] };
      await eventually(() => assert.ok(issuer.revocationUrls.includes('/revocations?since=c1')));
      const backToken = await issuer.sign(key, back);
      await eventually(() => v.verify(backToken));
      await rejectsWithCode(v.verify(await issuer.sign(key, gone)), 'ERR_TOKEN_REVOKED');
      await rejectsWithCode(v.verify(await issuer.sign(key, later)), 'ERR_TOKEN_REVOKED');
      await eventually(() => assert.ok(issuer.revocationUrls.includes('/revocations?since=c2')));
      assert.deepEqual(errors, []);
    } finally {
      v.close();
      issuer.revocationExtra = {};
      issuer.revocation = { revoked_tokens: [], disabled_clients: [] };
    }
  });

  test('a server without cursors is asked for the whole list every time', async () => {
    const v = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 0.05 },
    });
    const before = issuer.revocationUrls.length;
    await v.warm();
    await sleep(200);
    v.close();
    const urls = issuer.revocationUrls.slice(before);
    assert.ok(urls.length >= 2);
    assert.ok(
      urls.every((url) => url === '/revocations'),
      urls.join(),
    );
  });

  test('a list past 1 MiB is taken; a list of changes to a verifier that sent no cursor is refused', async () => {
    const errors: Error[] = [];
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const revoked = issuer.claims();
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ jti: `flood-${i}-${'x'.repeat(24)}`, exp }));
    issuer.revocation.revoked_tokens = [...entries, { jti: revoked.jti as string, exp }];
    const v = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      onBackgroundError: (e) => errors.push(e),
    });
    try {
      await v.warm();
      await rejectsWithCode(v.verify(await issuer.sign(key, revoked)), 'ERR_TOKEN_REVOKED');
      assert.equal(errors.length, 0, errors.map((e) => e.message).join());
    } finally {
      v.close();
    }

    issuer.revocationExtra = { full: false, cursor: 'c9' };
    const fresh = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      onBackgroundError: (e) => errors.push(e),
    });
    try {
      await fresh.warm();
      assert.match(errors.at(-1)?.message ?? '', /a list of changes, but no cursor was sent/);
    } finally {
      fresh.close();
      issuer.revocationExtra = {};
      issuer.revocation.revoked_tokens = [];
    }
  });
});
