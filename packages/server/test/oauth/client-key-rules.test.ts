import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { before, test } from 'node:test';
import type { Client, Team } from '@gatehouse/schemas';
import { type ApiAnswer, type ApiSession, assertApiError, describeEachBackend } from '../admin/harness.js';

function publicJwk(type: 'P-256' | 'P-521' | 'ed25519' | 'ed448', kid?: string): JsonWebKey {
  const pair =
    type === 'ed25519' || type === 'ed448'
      ? generateKeyPairSync(type as 'ed25519')
      : generateKeyPairSync('ec', { namedCurve: type });
  return { ...pair.publicKey.export({ format: 'jwk' }), ...(kid === undefined ? {} : { kid }) };
}

function rsaJwk(modulusLength: number, kid: string, publicExponent = 0x10001): JsonWebKey {
  const jwk = generateKeyPairSync('rsa', { modulusLength, publicExponent }).publicKey.export({
    format: 'jwk',
  });
  return { ...jwk, kid };
}

/** The key an outside attacker registered: a 3072-bit modulus and an exponent nearly as long. */
function expensiveRsaJwk(kid: string): JsonWebKey {
  const exponent = randomBytes(383);
  exponent[0] = 0x7f;
  exponent[382] = (exponent[382] ?? 0) | 1;
  return { ...rsaJwk(3072, kid), e: exponent.toString('base64url') };
}

function oddNumber(bits: number): string {
  const octets = randomBytes(Math.ceil(bits / 8));
  octets[0] = (octets[0] ?? 0) | 0x80;
  octets[octets.length - 1] = (octets[octets.length - 1] ?? 0) | 1;
  return octets.toString('base64url');
}

/** A 422 whose only issue names `path` and matches `message`. */
function refused(answer: ApiAnswer, path: string, message: RegExp): void {
  assertApiError(answer, 422, 'validation_failed');
  const issues = answer.body.issues as { path: string; message: string }[];
  assert.equal(issues.length, 1, answer.text);
  assert.equal(issues[0]?.path, path, answer.text);
  assert.match(issues[0]?.message ?? '', message);
}

describeEachBackend('rules for the public keys of private_key_jwt clients', (gate) => {
  let member: ApiSession;
  let team: Team;
  let keyed: Client;

  before(async () => {
    member = await gate.user('keys-member@example.com');
    team = await gate.team(member, 'key-rules');
    keyed = (
      await gate.client(member, team.id, {
        name: 'keyed',
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk('P-256', 'first')] },
      })
    ).client;
  });

  const create = (keys: JsonWebKey[]) =>
    member.post('/api/v1/clients', {
      name: 'partner',
      teamId: team.id,
      authMethod: 'private_key_jwt',
      jwks: { keys },
    });
  const replace = (keys: JsonWebKey[]) =>
    member.put(`/api/v1/clients/${keyed.clientId}/keys`, { jwks: { keys } });

  test('sane keys are accepted: RSA 2048 to 4096 bits with exponent 65537, P-256 to P-521, Ed25519', async () => {
    const keys = [
      rsaJwk(2048, 'rsa-2048'),
      rsaJwk(4096, 'rsa-4096'),
      publicJwk('P-256', 'p256'),
      publicJwk('P-521', 'p521'),
      publicJwk('ed25519', 'ed'),
      publicJwk('ed448', 'ed448'),
    ];
    const answer = await create(keys);
    assert.equal(answer.status, 201, answer.text);
    assert.equal((await replace(keys)).status, 200);
  });

  test('an RSA exponent other than 65537 is refused with 422, naming the key and the rule', async () => {
    for (const send of [create, replace]) {
      refused(
        await send([publicJwk('P-256', 'fine'), expensiveRsaJwk('costly')]),
        'jwks',
        /^keys\[1\] \(kid "costly"\): RSA keys must use the public exponent 65537 \("AQAB"\), got a 3063-bit exponent$/,
      );
      refused(
        await send([rsaJwk(2048, 'small-e', 3)]),
        'jwks',
        /^keys\[0\] \(kid "small-e"\): RSA keys must use the public exponent 65537/,
      );
    }
  });

  test('RSA moduli under 2048 or over 4096 bits are refused with 422', async () => {
    for (const send of [create, replace]) {
      refused(
        await send([rsaJwk(1024, 'short')]),
        'jwks',
        /^keys\[0\] \(kid "short"\): RSA keys must have 2048 to 4096 bits, got 1024$/,
      );
      refused(
        await send([{ kty: 'RSA', kid: 'long', n: oddNumber(4160), e: 'AQAB' }]),
        'jwks',
        /^keys\[0\] \(kid "long"\): RSA keys must have 2048 to 4096 bits, got 4160$/,
      );
      refused(
        await send([{ kty: 'RSA', n: oddNumber(8192), e: 'AQAB' }]),
        'jwks',
        /^keys\[0\]: RSA keys must have 2048 to 4096 bits, got 8192$/,
      );
    }
  });

  test('unknown curves are refused with 422', async () => {
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });
    const p256 = publicJwk('P-256');
    for (const send of [create, replace]) {
      refused(
        await send([{ ...p256, kid: 'k', crv: 'secp256k1' }]),
        'jwks',
        /^keys\[0\] \(kid "k"\): EC curve must be P-256, P-384 or P-521, got "secp256k1"$/,
      );
      refused(
        await send([{ ...p256, crv: 'P-192' }]),
        'jwks',
        /EC curve must be P-256, P-384 or P-521, got "P-192"/,
      );
      refused(await send([x25519]), 'jwks', /^keys\[0\]: OKP curve must be Ed25519 or Ed448, got "X25519"$/);
    }
  });

  test('more than ten keys, or a kid used twice, is refused with 422', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => publicJwk('P-256', `k${i}`));
    for (const send of [create, replace]) {
      refused(await send(eleven), 'jwks.keys', /^at most 10 keys$/);
      assert.notEqual((await send(eleven.slice(0, 10))).status, 422);
      refused(
        await send([publicJwk('P-256', 'twice'), publicJwk('P-256', 'twice')]),
        'jwks',
        /^keys\[1\] \(kid "twice"\): the same kid as keys\[0\]; each kid must be unique$/,
      );
    }
  });

  test('refused keys leave the client as it was', async () => {
    const before = (await member.get<Client>(`/api/v1/clients/${keyed.clientId}`)).body;
    refused(await replace([expensiveRsaJwk('costly')]), 'jwks', /exponent 65537/);
    const after = (await member.get<Client>(`/api/v1/clients/${keyed.clientId}`)).body;
    assert.deepEqual(after.jwks, before.jwks);
  });
});
