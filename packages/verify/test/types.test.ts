// Compiled by `tsc -b`: every `@ts-expect-error` below must meet a type error, or the build fails.
// So this file proves that insecure use does not compile; at run time the same calls throw TypeError.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requireToken } from '../src/express.js';
import { createVerifier, type VerifierOptions } from '../src/index.js';

const issuer = 'https://auth.example.com';

describe('types: insecure use does not compile, and throws TypeError at run time', () => {
  test('issuer and audience are required; audience: null is the explicit opt-out', () => {
    // Each call sits alone on its line, so a formatter cannot move it away from its directive.
    // @ts-expect-error issuer is required
    const noIssuer = () => createVerifier({ audience: 'orders' });
    // @ts-expect-error audience is required (null to opt out)
    const noAudience = () => createVerifier({ issuer });
    // @ts-expect-error an empty options object misses both
    const nothing = () => createVerifier({});
    // @ts-expect-error undefined is not null: opting out must be explicit
    const undefinedAudience = () => createVerifier({ issuer, audience: undefined });
    for (const misuse of [noIssuer, noAudience, nothing, undefinedAudience]) assert.throws(misuse, TypeError);

    const gateway = createVerifier({ issuer, audience: null, revocation: false });
    assert.equal(typeof gateway.verify, 'function');
    const several: VerifierOptions = { issuer, audience: ['orders', 'https://orders.example.com'] };
    assert.equal(typeof createVerifier(several).warm, 'function');
  });

  test('pool tokens: tokenUse and clientId are required together, null is the explicit opt-out', async () => {
    const pool = 'https://auth.example.com/pools/local_AbC123xyz';
    const id = { issuer: pool, tokenUse: 'id' } as const;
    const at = { issuer: pool, tokenUse: 'access' } as const;
    const any = { issuer: pool, tokenUse: null } as const;
    // @ts-expect-error an ID-token verifier must name its app client(s), or null
    const noClient = () => createVerifier({ ...id });
    // @ts-expect-error undefined is not null: accepting every app client must be explicit
    const undefinedClient = () => createVerifier({ ...id, clientId: undefined });
    // @ts-expect-error an ID token's aud is its app: clientId, not audience
    const idAudience = () => createVerifier({ ...id, clientId: 'app', audience: 'x' });
    // @ts-expect-error ID tokens carry no scopes
    const idScopes = () => createVerifier({ ...id, clientId: 'app', requiredScopes: ['a'] });
    // @ts-expect-error an access-token verifier must name its audience, or null
    const noAudience = () => createVerifier({ ...at, clientId: 'app' });
    // @ts-expect-error pool verifiers take clientId, not the machine clientIds
    const poolClientIds = () => createVerifier({ ...at, audience: 'a', clientIds: ['x'] });
    // @ts-expect-error machine verifiers take clientIds, not clientId
    const machineClientId = () => createVerifier({ issuer, audience: 'a', clientId: 'x' });
    // @ts-expect-error refresh tokens are opaque, never verified here
    const refresh = () => createVerifier({ issuer, tokenUse: 'refresh', audience: 'a', clientId: null });
    // @ts-expect-error an ID token has no scopes, so tokenUse: null takes none
    const anyScopes = () => createVerifier({ ...any, audience: 'a', clientId: null, requiredScopes: ['a'] });
    const messages = [
      /clientId is required/,
      /clientId is required/,
      /pass clientId, not audience/,
      /ID tokens carry no scopes/,
      /audience is required/,
      /clientIds is for machine tokens/,
      /clientId is for pool tokens/,
      /tokenUse must be/,
      /use tokenUse: 'access'/,
    ];
    const misuses = [
      noClient,
      undefinedClient,
      idAudience,
      idScopes,
      noAudience,
      poolClientIds,
      machineClientId,
      refresh,
      anyScopes,
    ];
    misuses.forEach((misuse, i) => assert.throws(misuse, { name: 'TypeError', message: messages[i] }));

    // What verify() resolves to follows tokenUse.
    const ids = createVerifier({ issuer: pool, tokenUse: 'id', clientId: 'app', revocation: false });
    const access = createVerifier({
      issuer: pool,
      tokenUse: 'access',
      audience: 'a',
      clientId: null,
      revocation: false,
    });
    const either = createVerifier({
      issuer: pool,
      tokenUse: null,
      audience: 'a',
      clientId: ['app'],
      revocation: false,
    });
    const idUse: (c: Awaited<ReturnType<typeof ids.verify>>) => 'id' = (c) => c.token_use;
    const accessClient: (c: Awaited<ReturnType<typeof access.verify>>) => string = (c) => c.client_id;
    // @ts-expect-error either kind may come back: client_id is not known to be a string
    const eitherClient: (c: Awaited<ReturnType<typeof either.verify>>) => string = (c) => c.client_id;
    assert.equal(typeof idUse, 'function');
    assert.equal(typeof accessClient, 'function');
    assert.equal(typeof eitherClient, 'function');

    // API middleware takes a person's access token like a machine's; an ID token is for the app.
    assert.equal(typeof requireToken(access), 'function');
    // @ts-expect-error an ID-token verifier does not guard an API
    assert.equal(typeof requireToken(ids), 'function');
    for (const v of [ids, access, either]) v.close();
  });

  test('none and HMAC algorithms are not in the type', () => {
    // @ts-expect-error none is never accepted
    const none = () => createVerifier({ issuer, audience: 'a', algorithms: ['none'] });
    // @ts-expect-error HS256 with a public key is the classic key confusion
    const hmac = () => createVerifier({ issuer, audience: 'a', algorithms: ['HS256'] });
    // @ts-expect-error unknown algorithm
    const typo = () => createVerifier({ issuer, audience: 'a', algorithms: ['ES257'] });
    assert.throws(none, { name: 'TypeError', message: /never accepted/ });
    assert.throws(hmac, { name: 'TypeError', message: /never accepted/ });
    assert.throws(typo, { name: 'TypeError', message: /unknown algorithm/ });
    createVerifier({ issuer, audience: 'a', algorithms: ['PS256', 'ES384', 'EdDSA'] });
  });

  test('failing open on a stale revocation list is an explicit boolean', () => {
    // @ts-expect-error failOpen is a boolean, not a string
    const stringy = () => createVerifier({ issuer, audience: 'a', revocation: { failOpen: 'yes' } });
    assert.throws(stringy, { name: 'TypeError', message: /revocation\.failOpen must be a boolean/ });
    createVerifier({ issuer, audience: 'a', revocation: { failOpen: true, graceSeconds: 60 } }).close();
  });

  test('misuse the types cannot see throws TypeError naming the option', () => {
    const cases: [unknown, RegExp][] = [
      [{ issuer: 'auth.example.com', audience: 'a' }, /issuer must be an absolute URL/],
      [{ issuer: 'http://auth.example.com', audience: 'a' }, /issuer must use https/],
      [{ issuer: 'https://auth.example.com?x=1', audience: 'a' }, /issuer must not contain a query/],
      [{ issuer: 'https://auth.example.com#x', audience: 'a' }, /issuer must not contain a fragment/],
      [{ issuer: '', audience: 'a' }, /issuer is required/],
      [{ issuer, audience: '' }, /audience must not be empty/],
      [{ issuer, audience: [] }, /audience must not be empty/],
      [{ issuer, audience: 'a', algorithms: [] }, /algorithms must be a non-empty array/],
      [{ issuer, audience: 'a', clockToleranceSeconds: -1 }, /clockToleranceSeconds must be a finite number/],
      [{ issuer, audience: 'a', clockToleranceSeconds: Number.NaN }, /clockToleranceSeconds/],
      [{ issuer, audience: 'a', cacheMaxAgeSeconds: -5 }, /cacheMaxAgeSeconds/],
      [{ issuer, audience: 'a', jwksUri: 'ftp://x' }, /jwksUri must use https/],
      [{ issuer, audience: 'a', clientIds: [] }, /clientIds must not be empty/],
      [{ issuer, audience: 'a', requiredScopes: ['has space'] }, /requiredScopes holds an invalid entry/],
      [{ issuer, audience: 'a', revocation: { pollIntervalSeconds: 0 } }, /pollIntervalSeconds/],
      [{ issuer, audience: 'a', revocation: true }, /revocation must be an object or false/],
      [{ issuer, audience: 'a', fetch: 'nope' }, /fetch must be a function/],
      [null, /options are required/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => createVerifier(options as VerifierOptions),
        (error: unknown) => {
          assert.ok(error instanceof TypeError, `not a TypeError for ${JSON.stringify(options)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    }
    // Loopback http is fine for development, and fractional poll intervals are allowed.
    createVerifier({
      issuer: 'http://localhost:4455',
      audience: 'a',
      revocation: { pollIntervalSeconds: 0.2 },
    });
  });
});
