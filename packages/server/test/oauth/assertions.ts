import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { type Gate, postForm, type WireAnswer } from './harness.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type AssertionAlgName = 'ES256' | 'ES512' | 'RS256' | 'EdDSA';

export interface KeyPair {
  kid: string;
  alg: AssertionAlgName;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function keyPair(alg: AssertionAlgName, kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig' } };
}

/** A client assertion for `clientId`, timed by the gate's frozen clock; `kid: null` leaves it out. */
export async function signAssertion(
  gate: Gate,
  clientId: string,
  key: KeyPair,
  options: { kid?: string | null } = {},
): Promise<string> {
  const now = Math.floor(gate.clock.now() / 1000);
  const kid = options.kid === undefined ? key.kid : options.kid;
  return new SignJWT({
    iss: clientId,
    sub: clientId,
    aud: gate.issuer,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
  })
    .setProtectedHeader({ alg: key.alg, ...(kid === null ? {} : { kid }) })
    .sign(key.privateKey);
}

export function tokenWithAssertion(gate: Gate, assertion: string, resource?: string): Promise<WireAnswer> {
  return postForm(gate.tokenEndpoint, {
    grant_type: 'client_credentials',
    ...(resource === undefined ? {} : { resource }),
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });
}

/** What one path of the host saw: requests, body bytes written, whether the client hung up early. */
export interface PathStats {
  fetches: number;
  bytesWritten: number;
  closedEarly: number;
}

type Behaviour = (req: IncomingMessage, res: ServerResponse, stats: PathStats) => void;

/** Writes `chunk` for as long as the client reads and the cap allows, counting what went out. */
export function stream(res: ServerResponse, stats: PathStats, cap: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && stats.bytesWritten < cap) {
      stats.bytesWritten += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** A loopback server publishing key sets (or worse) per path, recording what each path saw. */
export class JwksHost {
  private server: Server | undefined;
  private readonly behaviours = new Map<string, Behaviour>();
  readonly stats = new Map<string, PathStats>();
  base = '';

  /** Serves `behaviour` at `path` and returns its URL. */
  route(path: string, behaviour: Behaviour): string {
    this.behaviours.set(path, behaviour);
    this.stats.set(path, { fetches: 0, bytesWritten: 0, closedEarly: 0 });
    return `${this.base}${path}`;
  }

  json(path: string, body: () => unknown, status = 200): string {
    return this.route(path, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body()));
    });
  }

  of(path: string): PathStats {
    const stats = this.stats.get(path);
    if (!stats) throw new Error(`no route ${path}`);
    return stats;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const behaviour = this.behaviours.get(path);
      const stats = this.stats.get(path);
      if (!behaviour || !stats) {
        res.writeHead(404).end();
        return;
      }
      stats.fetches++;
      res.on('close', () => {
        if (!res.writableFinished) stats.closedEarly++;
      });
      behaviour(req, res, stats);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}
