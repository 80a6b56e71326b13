import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { atHash } from '../../src/crypto/at-hash.js';
import type { SigningKey } from '../../src/crypto/signing-protocol.js';
import { SigningThreads } from '../../src/crypto/signing-threads.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const ACCESS: SigningKey = { ref: 'ec-1|at+jwt', alg: 'ES256', key: ec.privateKey };
const ID: SigningKey = { ref: 'ed-1|JWT', alg: 'EdDSA', key: ed.privateKey };

async function jwks() {
  return createLocalJWKSet({
    keys: [
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' },
      { ...(await exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA' },
    ],
  });
}

describe('signing threads', () => {
  const threads = new SigningThreads(2);
  after(() => threads.close());

  test('an access token, then an ID token carrying its at_hash, each with its own key and typ', async () => {
    const [accessToken, idToken] = await threads.sign(
      {
        access: { ref: ACCESS.ref, json: JSON.stringify({ sub: 'p-1', scope: 'openid' }) },
        id: { ref: ID.ref, alg: 'EdDSA', json: JSON.stringify({ sub: 'p-1', aud: 'app' }) },
      },
      [ACCESS, ID],
    );
    assert.ok(accessToken && idToken);
    assert.deepEqual(decodeProtectedHeader(accessToken), { alg: 'ES256', typ: 'at+jwt', kid: 'ec-1' });
    assert.deepEqual(decodeProtectedHeader(idToken), { alg: 'EdDSA', typ: 'JWT', kid: 'ed-1' });
    const keys = await jwks();
    assert.equal((await jwtVerify(accessToken, keys)).payload.scope, 'openid');
    const { payload } = await jwtVerify(idToken, keys);
    assert.deepEqual(payload, { sub: 'p-1', aud: 'app', at_hash: atHash(accessToken, 'EdDSA') });
  });

  test('a burst is shared out, each answer reaching its own caller, keys sent to each thread once', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) =>
      threads.sign({ access: { ref: ACCESS.ref, json: JSON.stringify({ n: i }) } }, [ACCESS]),
    );
    const keys = await jwks();
    const tokens = await Promise.all(jobs);
    for (const [i, [token]] of tokens.entries()) {
      assert.equal((await jwtVerify(token as string, keys)).payload.n, i);
    }
  });

  test('a batch leaves once it is full, and what is left at the end of the task that made it', async () => {
    const own = new SigningThreads(1);
    try {
      const job = (n: number) =>
        own.sign({ access: { ref: ACCESS.ref, json: JSON.stringify({ n }) } }, [ACCESS]);
      const first = [job(1), job(2), job(3)];
      assert.deepEqual(own.depth, { queued: 3, inFlight: 0 });
      first.push(job(4));
      assert.deepEqual(own.depth, { queued: 0, inFlight: 4 }, 'a full batch leaves at once');
      first.push(job(5));
      assert.deepEqual(own.depth, { queued: 1, inFlight: 4 });
      // Not the loop's next turn: the end of this task, once its promise callbacks have run.
      await new Promise<void>((resolve) => process.nextTick(resolve));
      assert.deepEqual(own.depth, { queued: 0, inFlight: 5 });
      const keys = await jwks();
      for (const [i, [token]] of (await Promise.all(first)).entries()) {
        assert.equal((await jwtVerify(token as string, keys)).payload.n, i + 1);
      }
      assert.deepEqual(own.depth, { queued: 0, inFlight: 0 });
    } finally {
      await own.close();
    }
  });

  test('a key the thread was never given fails that job alone', async () => {
    const results = await Promise.allSettled([
      threads.sign({ access: { ref: 'unknown|at+jwt', json: '{}' } }, []),
      threads.sign({ access: { ref: ACCESS.ref, json: '{}' } }, [ACCESS]),
    ]);
    assert.equal(results[0].status, 'rejected');
    assert.match(String((results[0] as PromiseRejectedResult).reason), /no key unknown\|at\+jwt/);
    assert.equal(results[1].status, 'fulfilled');
  });

  test('claims holding tabs and newlines arrive whole; a key ref that holds one fails that job alone', async () => {
    const claims = { note: 'a\tb\nc', name: 'Zoë 🙂' };
    const results = await Promise.allSettled([
      threads.sign({ access: { ref: ACCESS.ref, json: JSON.stringify(claims) } }, [ACCESS]),
      threads.sign({ access: { ref: 'ec-1\t|at+jwt', json: '{}' } }, [ACCESS]),
      threads.sign({ access: { ref: ACCESS.ref, json: '{"n":2}' } }, [ACCESS]),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    const [token] = (results[0] as PromiseFulfilledResult<string[]>).value;
    assert.deepEqual((await jwtVerify(token as string, await jwks())).payload, claims);
    assert.equal(results[1].status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /key ref holds a tab or newline/);
    assert.equal(results[2].status, 'fulfilled');
  });

  test('a thread that stops fails what it held, and the next job gets a new thread', async () => {
    const own = new SigningThreads(1);
    // RSA-3072 signatures keep the thread busy for tens of milliseconds, so it stops mid-batch.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const slow: SigningKey = { ref: 'rsa-1|at+jwt', alg: 'RS256', key: rsa.privateKey };
    try {
      await own.sign({ access: { ref: ACCESS.ref, json: '{}' } }, [ACCESS]);
      const pending = Array.from({ length: 20 }, () =>
        own.sign({ access: { ref: slow.ref, json: '{"a":1}' } }, [slow]),
      );
      // Closing terminates the thread under the batch, as a crash would.
      setImmediate(() => setImmediate(() => void own.close()));
      const settled = await Promise.allSettled(pending);
      const last = settled[settled.length - 1];
      assert.equal(last?.status, 'rejected');
      assert.match(String((last as PromiseRejectedResult).reason), /signing thread stopped/);
      const [token] = await own.sign({ access: { ref: ACCESS.ref, json: '{"b":2}' } }, [ACCESS]);
      assert.equal((await jwtVerify(token as string, await jwks())).payload.b, 2);
    } finally {
      await own.close();
    }
  });
});
