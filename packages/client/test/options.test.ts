import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { createTokenClient, type TokenClientOptions } from '../src/index.js';

const SECRET = 'do-not-print-this-secret';
const BASE = { tokenEndpoint: 'https://auth.example.com/oauth2/token', clientId: 'c', clientSecret: SECRET };
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** Every way of holding it wrong, and a piece of the message that must name the fix. */
const misuse: [string, unknown, RegExp][] = [
  ['no options', undefined, /options must be an object/],
  ['no clientId', { ...BASE, clientId: undefined }, /clientId must be a non-empty string/],
  ['an empty clientId', { ...BASE, clientId: ' ' }, /clientId/],
  [
    'neither secret nor key',
    { ...BASE, clientSecret: undefined },
    /exactly one of clientSecret or privateKey/,
  ],
  [
    'both secret and key',
    { ...BASE, privateKey: ec.privateKey },
    /exactly one of clientSecret or privateKey/,
  ],
  ['an empty secret', { ...BASE, clientSecret: '' }, /clientSecret must be a non-empty string/],
  [
    'neither issuer nor token endpoint',
    { ...BASE, tokenEndpoint: undefined },
    /exactly one of issuer .* or tokenEndpoint/,
  ],
  [
    'both issuer and token endpoint',
    { ...BASE, issuer: 'https://auth.example.com' },
    /exactly one of issuer/,
  ],
  ['a plain-http issuer', { ...BASE, tokenEndpoint: undefined, issuer: 'http://auth.example.com' }, /https/],
  ['a plain-http token endpoint', { ...BASE, tokenEndpoint: 'http://10.0.0.1/token' }, /must use https/],
  ['a relative URL', { ...BASE, tokenEndpoint: '/oauth2/token' }, /absolute URL/],
  ['credentials in the URL', { ...BASE, tokenEndpoint: 'https://u:p@auth.example.com/t' }, /credentials/],
  [
    'an issuer with a query',
    { ...BASE, tokenEndpoint: undefined, issuer: 'https://auth.example.com?x=1' },
    /must not have a query/,
  ],
  [
    'private_key_jwt with a secret',
    { ...BASE, authMethod: 'private_key_jwt' },
    /authMethod must be client_secret/,
  ],
  ['an unknown authMethod', { ...BASE, authMethod: 'tls_client_auth' }, /authMethod/],
  ['keyId with a secret', { ...BASE, keyId: 'k1' }, /keyId and algorithm go with privateKey/],
  ['a negative skew', { ...BASE, refreshSkewSeconds: -1 }, /refreshSkewSeconds must be a number from 0/],
  ['a NaN skew', { ...BASE, refreshSkewSeconds: Number.NaN }, /refreshSkewSeconds/],
  [
    'zero attempts',
    { ...BASE, retry: { attempts: 0 } },
    /retry.attempts must be a whole number from 1 to 10/,
  ],
  ['fractional attempts', { ...BASE, retry: { attempts: 1.5 } }, /retry.attempts must be a whole number/],
  ['a negative base delay', { ...BASE, retry: { baseDelayMs: -1 } }, /retry.baseDelayMs/],
  [
    'a max delay below the base',
    { ...BASE, retry: { baseDelayMs: 500, maxDelayMs: 100 } },
    /retry.maxDelayMs/,
  ],
  ['retry not an object', { ...BASE, retry: 3 }, /retry must be an object/],
  ['a zero timeout', { ...BASE, timeoutMs: 0 }, /timeoutMs must be a number from 1/],
  ['an infinite timeout', { ...BASE, timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
  ['a scope with a space', { ...BASE, scopes: ['a b'] }, /scopes must be scope tokens/],
  ['scopes as a string', { ...BASE, scopes: 'a b' }, /scopes must be an array/],
  ['an empty resource', { ...BASE, resource: '' }, /resource must be a non-empty string/],
  ['a resource with whitespace', { ...BASE, resource: 'orders api' }, /resource must not contain whitespace/],
  ['fetch not a function', { ...BASE, fetch: 'fetch' }, /fetch must be a function/],
  ['now not a function', { ...BASE, now: 5 }, /now must be a function/],
];

const KEYED = { tokenEndpoint: BASE.tokenEndpoint, clientId: 'c' };
const keyMisuse: [string, Record<string, unknown>, RegExp][] = [
  ['a public key', { privateKey: ec.publicKey }, /must be a private key, got a public key/],
  ['a string that is not PEM', { privateKey: 'not a key' }, /not a PEM private key/],
  ['a public JWK', { privateKey: ec.publicKey.export({ format: 'jwk' }) }, /without its private part/],
  ['a symmetric JWK', { privateKey: { kty: 'oct', k: 'c2VjcmV0', d: 'x' } }, /symmetric/],
  ['a number', { privateKey: 42 }, /KeyObject, a private JWK or a PEM string/],
  [
    'a 1024-bit RSA key',
    { privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey },
    /cannot sign RS256/,
  ],
  [
    'ES256 with an Ed25519 key',
    { privateKey: generateKeyPairSync('ed25519').privateKey, algorithm: 'ES256' },
    /cannot sign ES256/,
  ],
  [
    'ES256 with a P-384 key',
    { privateKey: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, algorithm: 'ES256' },
    /cannot sign ES256/,
  ],
  ['HS256', { privateKey: ec.privateKey, algorithm: 'HS256' }, /algorithm must be one of/],
  ['none', { privateKey: ec.privateKey, algorithm: 'none' }, /algorithm must be one of/],
  ['an empty keyId', { privateKey: ec.privateKey, keyId: '' }, /keyId must be a non-empty string/],
  [
    'client_secret_basic with a key',
    { privateKey: ec.privateKey, authMethod: 'client_secret_basic' },
    /private_key_jwt/,
  ],
];

describe('createTokenClient refuses misuse at construction with a TypeError', () => {
  for (const [name, options, message] of [
    ...misuse,
    ...keyMisuse.map(([n, o, m]): [string, unknown, RegExp] => [n, { ...KEYED, ...o }, m]),
  ]) {
    test(name, () => {
      assert.throws(
        () => createTokenClient(options as TokenClientOptions),
        (error: unknown) => {
          assert.ok(error instanceof TypeError, String(error));
          assert.match(error.message, /^createTokenClient: /);
          assert.match(error.message, message);
          assert.ok(!error.message.includes(SECRET), 'the secret is never echoed');
          return true;
        },
      );
    });
  }

  test('plain http is fine for localhost and 127.0.0.1; construction makes no request', () => {
    const fetch = () => assert.fail('no request at construction');
    for (const issuer of ['http://localhost:4455', 'http://127.0.0.1:4455', 'https://auth.example.com']) {
      createTokenClient({ issuer, clientId: 'c', clientSecret: 's', fetch });
    }
  });

  test('a secret pasted into a URL option is not echoed', () => {
    assert.throws(
      () => createTokenClient({ ...BASE, tokenEndpoint: SECRET }),
      (error: Error) => !error.message.includes(SECRET),
    );
  });
});

// Compiled, never run: misuse must not type-check (the build fails if any line stops being an error).
export function typeLevelMisuse(): void {
  const issuer = 'https://auth.example.com';
  // @ts-expect-error neither issuer nor tokenEndpoint
  createTokenClient({ clientId: 'c', clientSecret: 's' });
  // @ts-expect-error both issuer and tokenEndpoint
  createTokenClient({ issuer, tokenEndpoint: `${issuer}/oauth2/token`, clientId: 'c', clientSecret: 's' });
  // @ts-expect-error neither clientSecret nor privateKey
  createTokenClient({ issuer, clientId: 'c' });
  // @ts-expect-error both clientSecret and privateKey
  createTokenClient({ issuer, clientId: 'c', clientSecret: 's', privateKey: ec.privateKey });
  // @ts-expect-error private_key_jwt needs a privateKey
  createTokenClient({ issuer, clientId: 'c', clientSecret: 's', authMethod: 'private_key_jwt' });
  // @ts-expect-error a key cannot authenticate as client_secret_basic
  createTokenClient({ issuer, clientId: 'c', privateKey: ec.privateKey, authMethod: 'client_secret_basic' });
  // @ts-expect-error clientId is required
  createTokenClient({ issuer, clientSecret: 's' });
  // @ts-expect-error HS256 is not an assertion algorithm
  createTokenClient({ issuer, clientId: 'c', privateKey: ec.privateKey, algorithm: 'HS256' });
}
