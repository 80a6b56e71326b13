import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  claimSignature,
  K,
  padHex,
  passwordX,
  scrambler,
  serverPublic,
  serverSecret,
  sessionKey,
  srpPoolName,
  verifierOf,
} from '../../../src/crypto/cognito-srp.js';
import { G, modPowN, N } from '../../../src/crypto/srp-group.js';
import { bigInteger, SrpTestClient } from './srp-client.js';

const random = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

function slowModPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = ((base % N) + N) % N;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}

/** The server's half, as Gatehouse computes it, for one password. */
function serverSide(a: bigint, poolName: string, userId: string, password: string, salt: bigint) {
  const v = verifierOf(passwordX(salt, poolName, userId, password));
  const b = random(32);
  const bigB = serverPublic(v, b);
  return {
    bigB,
    key: (verifier = v) => sessionKey(serverSecret(a, verifier, scrambler(a, bigB), b), scrambler(a, bigB)),
  };
}

describe('Cognito SRP arithmetic, against amazon-cognito-identity-js', () => {
  const client = new SrpTestClient('AbC123xyz');

  test('the group is RFC 5054’s 3072-bit prime with g = 2, and k = H(N | g) as the SDK has it', () => {
    assert.equal(N.toString(16).length, 768);
    assert.equal(client.helper.N.toString(16), N.toString(16));
    assert.equal(G, 2n);
    assert.equal(client.helper.k.toString(16), K.toString(16));
  });

  test('padHex writes whole bytes with a 00 before a set top bit, as the SDK does', () => {
    const values = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x8000n, N, N - 1n, random(16), random(384)];
    for (const value of values) {
      assert.equal(padHex(value), client.helper.padHex(bigInteger(value.toString(16))), value.toString(16));
    }
  });

  test('OpenSSL’s modular power agrees with a plain one, including the values it would refuse', () => {
    for (const [base, exponent] of [
      [G, random(32)],
      [random(384), random(32)],
      [0n, 5n],
      [1n, random(32)],
      [N - 1n, 3n],
      [N - 1n, 4n],
      [N + 7n, 9n],
      [random(384), 0n],
    ] as const) {
      assert.equal(modPowN(base, exponent), slowModPow(base, exponent));
    }
  });

  test('the server and the SDK derive the same key, for many salts, B values and passwords', () => {
    for (let i = 0; i < 12; i++) {
      const c = new SrpTestClient('AbC123xyz');
      const a = BigInt(`0x${c.srpA()}`);
      // Salts of every shape: a leading zero byte, the top bit set, short.
      const salt = i === 0 ? 0x00ff_ffffn : i === 1 ? 0x80n << 120n : random(16);
      const password = i % 2 === 0 ? `pässwörd-${i} ✓` : randomBytes(12).toString('base64');
      const userId = i % 3 === 0 ? 'Ünïcode-Kim' : `user${i}`;
      const server = serverSide(a, 'AbC123xyz', userId, password, salt);
      const key = c.key(userId, password, server.bigB.toString(16), salt.toString(16));
      assert.deepEqual(key, server.key(), `round ${i}`);
      assert.equal(key.length, 16);
    }
  });

  test('a wrong password, user or pool name gives another key', () => {
    const a = BigInt(`0x${client.srpA()}`);
    const salt = random(16);
    const server = serverSide(a, 'AbC123xyz', 'kim', 'right password', salt);
    const B = server.bigB.toString(16);
    assert.notDeepEqual(client.key('kim', 'wrong password', B, salt.toString(16)), server.key());
    assert.notDeepEqual(client.key('Kim', 'right password', B, salt.toString(16)), server.key());
    const other = new SrpTestClient('Other');
    const otherA = BigInt(`0x${other.srpA()}`);
    const otherServer = serverSide(otherA, 'AbC123xyz', 'kim', 'right password', salt);
    assert.notDeepEqual(
      other.key('kim', 'right password', otherServer.bigB.toString(16), salt.toString(16)),
      otherServer.key(),
    );
  });

  test('the claim signature is the HMAC CognitoUser sends', () => {
    const key = randomBytes(16);
    const block = randomBytes(100).toString('base64');
    const at = 'Tue Dec 5 00:31:23 UTC 2026';
    assert.equal(
      claimSignature(key, 'AbC123xyz', 'kim', Buffer.from(block, 'base64'), at),
      client.sign(key, 'kim', block, at),
    );
  });

  test('the pool name is the pool id after the region', () => {
    assert.equal(srpPoolName('local_AbC123xyz'), 'AbC123xyz');
    assert.equal(srpPoolName('eu-west-1_Q9'), 'Q9');
  });
});
