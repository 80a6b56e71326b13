// The floor: the least a Node token endpoint can do and still be honest. Parse the Basic
// credentials and the form, check a SHA-256 secret hash in constant time, sign a fresh JWT
// with node:crypto, answer. No framework, no store, no validation beyond what is listed.
// It signs with crypto.sign's callback form, which runs in libuv's thread pool: on more than
// one core that is the fastest a single Node process can sign (RSA nearly twice as fast on two
// cores), so no Node server that signs on its event loop thread can reach this floor.
import {
  createHash,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  timingSafeEqual,
} from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady } from '../lib/child.js';
import { type Alg, RESOURCES } from '../lib/clients.js';
import { clientsFromEnv, onStop } from '../lib/target-env.js';

const ISSUER = 'http://127.0.0.1';
const TTL = 3600;

interface Signer {
  prefix: string;
  key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' };
}

function signer(alg: Alg): Signer {
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = { alg, typ: 'at+jwt', kid: `bare-${alg.toLowerCase()}` };
  return {
    prefix: `${Buffer.from(JSON.stringify(header)).toString('base64url')}.`,
    key: alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey,
  };
}

const signers = new Map<string, Signer>(
  (Object.entries(RESOURCES) as [Alg, string][]).map(([alg, resource]) => [resource, signer(alg)]),
);
const hashes = new Map<string, Buffer>(
  clientsFromEnv().map((c) => [c.clientId, createHash('sha256').update(c.secret).digest()]),
);
const NO_MATCH = Buffer.alloc(32);

function answer(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  });
  res.end(json);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/token') return answer(res, 404, { error: 'not_found' });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials')
      return answer(res, 400, { error: 'unsupported_grant_type' });
    const basic = req.headers.authorization ?? '';
    const decoded = Buffer.from(basic.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    let clientId: string;
    let secret: string;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    } catch {
      return answer(res, 401, { error: 'invalid_client' });
    }
    const stored = hashes.get(clientId);
    const presented = createHash('sha256').update(secret).digest();
    if (
      !basic.startsWith('Basic ') ||
      colon < 0 ||
      !timingSafeEqual(presented, stored ?? NO_MATCH) ||
      !stored
    ) {
      return answer(res, 401, { error: 'invalid_client' });
    }
    const resource = form.get('resource') ?? '';
    const s = signers.get(resource);
    if (!s) return answer(res, 400, { error: 'invalid_target' });
    const scope = form.get('scope') ?? '';
    const iat = Math.floor(Date.now() / 1000);
    const payload = {
      iss: ISSUER,
      sub: clientId,
      aud: resource,
      client_id: clientId,
      scope,
      iat,
      exp: iat + TTL,
      jti: randomUUID(),
    };
    const input = s.prefix + Buffer.from(JSON.stringify(payload)).toString('base64url');
    sign('sha256', Buffer.from(input, 'latin1'), s.key, (error, signature) => {
      if (error) return answer(res, 500, { error: 'server_error' });
      const token = `${input}.${signature.toString('base64url')}`;
      answer(res, 200, { access_token: token, token_type: 'Bearer', expires_in: TTL, scope });
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announceReady(`http://127.0.0.1:${port}`);
});
onStop(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
);
