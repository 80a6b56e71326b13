import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GatewayConfigError, loadGatewayConfig, startGateway, validateGatewayConfig } from '../src/index.js';
import { KeyDir } from './support/keys.js';

const keys = new KeyDir();
after(() => keys.remove());

const HINT =
  'create one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out gateway-key.pem';

const config = (keyFile: string, routes: Record<string, unknown>[] = []) => [
  'listen: 127.0.0.1:0', // 1
  'issuer: https://auth.example.com', // 2
  'audience: lj-health-food', // 3
  'signedClaims:', // 4
  '  issuer: https://gateway.example.com', // 5
  `  keyFile: ${keyFile}`, // 6
  'routes:', // 7
  '  - path: /orders', // 8
  '    upstream: http://127.0.0.1:3000', // 9
  '    forwardClaims: signed', // 10
  ...routes.flatMap((route) =>
    Object.entries(route).map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${String(value)}`),
  ),
  '',
];

/** Loads a config file with `keyFile`; resolves to its error lines, the folder shortened to `keys/`. */
async function errorsOf(keyFile: string, routes?: Record<string, unknown>[]): Promise<string[]> {
  const file = keys.write('gateway.yaml', config(keyFile, routes).join('\n'));
  try {
    await loadGatewayConfig(file);
  } catch (error) {
    assert.ok(error instanceof GatewayConfigError, String(error));
    return error.message.split('\n').map((line) => line.replaceAll(`${keys.path}/`, 'keys/'));
  }
  assert.fail('the config was accepted');
}

describe('config: signed claims', () => {
  test('a relative keyFile is read from the config file folder', async () => {
    keys.ecPem('relative.pem');
    const file = keys.write('gateway.yaml', config('relative.pem').join('\n'));
    const loaded = await loadGatewayConfig(file);
    assert.equal(loaded.signedClaims?.keyFile, join(keys.path, 'relative.pem'));
    assert.equal(loaded.signedClaims?.ttlSeconds, 60);
    assert.equal(loaded.routes[0]?.forwardClaims, 'signed');
    assert.deepEqual(validateGatewayConfig(loaded), loaded, 'validates again unchanged');
  });

  test('a key file that is not there', async () => {
    assert.deepEqual(await errorsOf('nope.pem'), [
      `keys/gateway.yaml:6: signedClaims.keyFile: cannot read keys/nope.pem: no such file (${HINT})`,
    ]);
  });

  test('a public key, where the private one is needed', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keys.write('public.pem', publicKey.export({ format: 'pem', type: 'spki' }).toString());
    assert.deepEqual(await errorsOf('public.pem'), [
      `keys/gateway.yaml:6: signedClaims.keyFile: keys/public.pem holds a public key or certificate; the gateway signs, so it needs the private key (${HINT})`,
    ]);
    keys.write('public.json', JSON.stringify(publicKey.export({ format: 'jwk' })));
    assert.deepEqual(await errorsOf('public.json'), [
      `keys/gateway.yaml:6: signedClaims.keyFile: keys/public.json is a public JWK; the gateway signs, so it needs the private key (with "d") (${HINT})`,
    ]);
  });

  test('an encrypted key, a weak key, and something else entirely', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = privateKey.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    });
    keys.write('encrypted.pem', encrypted.toString());
    assert.match(
      (await errorsOf('encrypted.pem'))[0] ?? '',
      /encrypted.pem is encrypted; the gateway reads an unencrypted PKCS#8 PEM key/,
    );
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    keys.write('weak.pem', weak.export({ format: 'pem', type: 'pkcs8' }).toString());
    assert.deepEqual(await errorsOf('weak.pem'), [
      'keys/gateway.yaml:6: signedClaims.keyFile: keys/weak.pem holds a 1024-bit RSA key; at least 2048 bits are needed',
    ]);
    keys.write('notes.txt', 'not a key');
    assert.match((await errorsOf('notes.txt'))[0] ?? '', /notes\.txt is neither a PEM key nor a JWK/);
    keys.write('broken.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    assert.match((await errorsOf('broken.pem'))[0] ?? '', /broken\.pem is not a usable key: /);
  });

  test('a JWK naming an algorithm its key cannot sign', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keys.write('mismatch.json', JSON.stringify({ ...privateKey.export({ format: 'jwk' }), alg: 'ES384' }));
    assert.deepEqual(await errorsOf('mismatch.json'), [
      'keys/gateway.yaml:6: signedClaims.keyFile: keys/mismatch.json holds a key of type ec, which cannot sign ES384',
    ]);
    keys.write('hmac.json', JSON.stringify({ ...privateKey.export({ format: 'jwk' }), alg: 'HS256' }));
    assert.match(
      (await errorsOf('hmac.json'))[0] ?? '',
      /alg HS256 is not an asymmetric signature algorithm/,
    );
  });

  test('published keys: each must be readable, and a kid names one key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    keys.write('signing.json', JSON.stringify({ ...jwk, kid: 'gw-1' }));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    keys.write('other.json', JSON.stringify({ ...other, kid: 'gw-1' }));
    const text = [
      ...config('signing.json').slice(0, 6),
      '  publishKeyFiles:', // 7
      '    - other.json', // 8
      '    - absent.pem', // 9
      ...config('signing.json').slice(6),
    ].join('\n');
    const file = keys.write('published.yaml', text);
    await assert.rejects(loadGatewayConfig(file), (error: Error) => {
      assert.deepEqual(error.message.replaceAll(`${keys.path}/`, 'keys/').split('\n'), [
        'keys/published.yaml:8: signedClaims.publishKeyFiles[0]: keys/other.json has the kid "gw-1" of another key; each key needs its own',
        'keys/published.yaml:9: signedClaims.publishKeyFiles[1]: cannot read keys/absent.pem: no such file',
      ]);
      return true;
    });
  });

  test('signed routes need signedClaims and verified claims; claimsAudience needs a signed route', () => {
    const base = { listen: 8080, issuer: 'https://auth.example.com', audience: 'lj-health-food' };
    const messages = (routes: Record<string, unknown>[]) => {
      try {
        validateGatewayConfig({ ...base, routes } as never);
      } catch (error) {
        return String((error as Error).message).split('\n');
      }
      return [];
    };
    const upstream = 'http://127.0.0.1:3000';
    assert.deepEqual(messages([{ path: '/a', upstream, forwardClaims: 'signed' }]), [
      "routes[0].forwardClaims: signed needs signedClaims at the top level: the gateway's issuer URL and its private key file (keyFile)",
    ]);
    assert.deepEqual(messages([{ path: '/a', upstream, auth: 'none', forwardClaims: 'signed' }]), [
      'routes[0].forwardClaims: a public route (auth: none) has no verified claims to sign: leave forwardClaims out',
    ]);
    assert.deepEqual(messages([{ path: '/a', upstream, claimsAudience: 'x' }]), [
      'routes[0].claimsAudience: only a route with forwardClaims: signed has assertions to address',
    ]);
    assert.deepEqual(messages([{ path: '/a', upstream, forwardClaims: 'jwt' }]), [
      'routes[0].forwardClaims: must be one of headers, signed',
    ]);
  });

  test('a key file gone between loading and starting stops the start', async () => {
    const file = keys.ecPem('gone.pem');
    const loaded = await loadGatewayConfig(keys.write('gone.yaml', config(file).join('\n')));
    rmSync(file);
    await assert.rejects(startGateway(loaded), (error: Error) => {
      assert.ok(error instanceof GatewayConfigError);
      assert.match(error.message, /^signedClaims\.keyFile: cannot read .*gone\.pem: no such file/);
      return true;
    });
  });

  test('the key file is never printed, whatever it holds', async () => {
    const secret = 'MC4CAQAwBQYDK2VwBCIEI' + 'A'.repeat(20);
    writeFileSync(
      join(keys.path, 'odd.pem'),
      `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n`,
    );
    const [line] = await errorsOf('odd.pem');
    assert.ok(line !== undefined && !line.includes(secret));
  });
});
