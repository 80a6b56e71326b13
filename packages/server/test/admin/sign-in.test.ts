import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Me } from '@gatehouse/schemas';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  assertApiError,
  describeEachBackend,
  ok,
  PASSWORD,
  USER_AGENT,
} from './harness.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describeEachBackend('admin API sign-in', (gate) => {
  before(async () => {
    await gate.user('lock@example.com');
    await gate.user('idle@example.com');
    await gate.user('busy@example.com');
  });

  test('login answers Me with a CSRF token and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const session = gate.session();
    const answer = await session.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const me = ok(answer);
    assert.equal(me.user.email, ADMIN_EMAIL);
    assert.equal(me.user.isAdmin, true);
    assert.equal(me.user.source, 'local');
    assert.equal(me.user.lastSignInAt, new Date(gate.clock.now()).toISOString());
    assert.deepEqual(me.teams, []);
    assert.match(me.csrfToken, /^[A-Za-z0-9_-]{20,}$/);
    assert.match(answer.headers.get('cache-control') ?? '', /no-store/);

    const cookies = answer.headers.getSetCookie();
    assert.equal(cookies.length, 1);
    const [pair, ...attributes] = (cookies[0] ?? '').split('; ');
    assert.match(pair ?? '', /^gh_session=[A-Za-z0-9_-]{40,}$/);
    assert.deepEqual(attributes.sort(), ['HttpOnly', 'Path=/', 'SameSite=Lax']);
    assert.ok(!(cookies[0] ?? '').includes('Secure'), 'no Secure flag over plain http');

    const again = ok(await session.get<Me>('/api/v1/me'));
    assert.equal(again.user.id, me.user.id);
    assert.equal(again.csrfToken, me.csrfToken);
    // Emails are matched without regard to case or surrounding spaces.
    ok(await gate.session().login(` ${ADMIN_EMAIL.toUpperCase()} `, ADMIN_PASSWORD));
  });

  test('a wrong password and an unknown email get the same 401 invalid_credentials', async () => {
    const wrong = await gate.session().login('idle@example.com', 'not the password at all');
    const unknown = await gate.session().login('nobody@example.com', 'not the password at all');
    assertApiError(wrong, 401, 'invalid_credentials');
    assertApiError(unknown, 401, 'invalid_credentials');
    assert.deepEqual(unknown.body, wrong.body);
    assert.deepEqual(wrong.headers.getSetCookie(), []);
    // A correct sign-in afterwards clears the count, so idle@ starts the session tests from zero.
    ok(await gate.session().login('idle@example.com', PASSWORD));
  });

  test('five failures lock the account; the lock holds against the right password, then doubles', async () => {
    const email = 'lock@example.com';
    for (let attempt = 1; attempt <= 4; attempt++) {
      assertApiError(
        await gate.session().login(email, `wrong password ${attempt}`),
        401,
        'invalid_credentials',
      );
    }
    const locked = await gate.session().login(email, 'wrong password 5');
    assertApiError(locked, 429, 'locked');
    assert.equal(locked.body.retryAfter, 30);
    assert.equal(locked.headers.get('retry-after'), '30');

    const right = await gate.session().login(email, PASSWORD);
    assertApiError(right, 429, 'locked');
    assert.equal(right.body.retryAfter, 30);
    assert.deepEqual(right.headers.getSetCookie(), [], 'no session while locked');

    gate.clock.advance(20_000);
    const later = await gate.session().login(email, PASSWORD);
    assertApiError(later, 429, 'locked');
    assert.equal(later.body.retryAfter, 10, 'retryAfter counts down with the clock');

    gate.clock.advance(10_000);
    const sixth = await gate.session().login(email, 'wrong password 6');
    assertApiError(sixth, 429, 'locked');
    assert.equal(sixth.body.retryAfter, 60, 'the next failure locks for twice as long');
    assert.equal(sixth.headers.get('retry-after'), '60');

    gate.clock.advance(59_000);
    assertApiError(await gate.session().login(email, PASSWORD), 429, 'locked');
    gate.clock.advance(1_000);
    const me = ok(await gate.session().login(email, PASSWORD));
    assert.equal(me.user.email, email);

    // The success reset the count: one wrong password is just a wrong password again.
    assertApiError(await gate.session().login(email, 'wrong password 7'), 401, 'invalid_credentials');
  });

  test('logout ends the session on the server: the old cookie no longer signs in', async () => {
    const session = await gate.signIn('idle@example.com');
    const cookie = session.cookie;
    const answer = await session.post('/api/v1/auth/logout');
    assert.equal(answer.status, 204, answer.text);
    const cleared = answer.headers.getSetCookie()[0] ?? '';
    assert.match(cleared, /^gh_session=;/);
    assert.match(cleared, /Max-Age=0/);
    assert.equal(session.cookie, undefined);

    session.cookie = cookie;
    assertApiError(await session.get('/api/v1/me'), 401, 'unauthenticated');
    assertApiError(await session.post('/api/v1/auth/logout'), 401, 'unauthenticated');
  });

  test('a session unused for 8 hours ends; using it keeps it alive', async () => {
    const session = await gate.signIn('idle@example.com');
    gate.clock.advance(8 * HOUR - 60_000);
    ok(await session.get('/api/v1/me'));
    gate.clock.advance(8 * HOUR - 60_000);
    ok(await session.get('/api/v1/me'));
    gate.clock.advance(8 * HOUR);
    assertApiError(await session.get('/api/v1/me'), 401, 'unauthenticated');
    // Ended for good: going back in time does not revive it.
    gate.clock.advance(-8 * HOUR);
    assertApiError(await session.get('/api/v1/me'), 401, 'unauthenticated');
  });

  test('a session ends 7 days after sign-in however busy it is', async () => {
    const session = await gate.signIn('busy@example.com');
    const start = gate.clock.now();
    while (gate.clock.now() + 4 * HOUR < start + 7 * DAY) {
      gate.clock.advance(4 * HOUR);
      ok(await session.get('/api/v1/me'));
    }
    gate.clock.set(start + 7 * DAY);
    assertApiError(await session.get('/api/v1/me'), 401, 'unauthenticated');
    // Signing in again works and starts a new week.
    const fresh = await gate.signIn('busy@example.com');
    ok(await fresh.get('/api/v1/me'));
  });
});

describeEachBackend(
  'admin API first-run setup',
  (gate) => {
    const config = () => gate.session().get('/api/v1/auth/config');

    test('the log says setup is pending but never carries the link; config says setup is required', async () => {
      const url = gate.server.setupUrl;
      assert.ok(url, 'a setup URL while no account exists');
      assert.match(url, new RegExp(`^${gate.server.issuer}/setup\\?token=[A-Za-z0-9_-]{40,}$`));
      const token = new URL(url).searchParams.get('token') ?? '';
      const warned = gate.logs.filter((entry) => entry.level === 'warn' && /setup link/.test(entry.msg));
      assert.equal(warned.length, 1);
      assert.ok(!JSON.stringify(gate.logs).includes(token), 'the setup token reached the log');
      const body = ok(await config());
      assert.deepEqual(body, {
        localLogin: true,
        sso: { enabled: false, label: '' },
        setupRequired: true,
        issuer: gate.server.issuer,
        tokenEndpoint: `${gate.server.issuer}/oauth2/token`,
        jwksUri: body.jwksUri,
      });
      assert.ok(String(body.jwksUri).startsWith(gate.server.issuer));
    });

    test('a wrong token is refused with 409, creates nobody, and hashes no password', async () => {
      const hashed = gate.server.gatehouse.users.hashing.completed;
      const answer = await gate.session().post('/api/v1/auth/setup', {
        token: 'not-the-token',
        email: 'first@example.com',
        name: 'First',
        password: ADMIN_PASSWORD,
      });
      assertApiError(answer, 409, 'conflict');
      assert.equal(ok(await config()).setupRequired, true);
      assert.equal(gate.server.gatehouse.users.hashing.completed, hashed);
    });

    test('the token creates the first platform admin and signs them in; it works only once', async () => {
      const token = new URL(gate.server.setupUrl ?? '').searchParams.get('token') ?? '';
      const session = gate.session();
      const setup = { token, email: 'First@Example.com', name: 'First Admin', password: ADMIN_PASSWORD };
      const answer = await session.post<Me>('/api/v1/auth/setup', setup);
      const me = ok(answer);
      assert.equal(me.user.email, 'first@example.com');
      assert.equal(me.user.name, 'First Admin');
      assert.equal(me.user.isAdmin, true);
      assert.match(
        answer.headers.getSetCookie()[0] ?? '',
        /^gh_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/,
      );
      session.signedIn(me);
      assert.equal(ok(await session.get<Me>('/api/v1/me')).user.id, me.user.id);
      assert.equal(ok(await session.get('/api/v1/users')).users.length, 1);

      const reuse = await gate
        .session()
        .post('/api/v1/auth/setup', { ...setup, email: 'second@example.com' });
      assertApiError(reuse, 409, 'conflict');
      assert.equal(ok(await config()).setupRequired, false);
      ok(await gate.session().login('first@example.com', ADMIN_PASSWORD));

      const events = ok(await session.get('/api/v1/audit?action=user.bootstrap')).events;
      assert.equal(events.length, 1);
      assert.equal(events[0].actor.type, 'system');
      assert.equal(events[0].target.id, me.user.id);
      assert.equal(events[0].ip, '127.0.0.1');
      assert.equal(events[0].userAgent, USER_AGENT);
    });
  },
  { bootstrapAdmin: false },
);
