import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A user pool's issuer on loopback, as Gatehouse serves one: `http://127.0.0.1:port/pools/<id>`,
 * with an OpenID discovery document (no revocation list) and a JWKS of a key made here.
 */
export class PoolIssuer {
  private readonly pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private readonly kid = `pool-${randomUUID().slice(0, 8)}`;
  readonly requests: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(poolId = 'local_AbC123xyz'): Promise<PoolIssuer> {
    const holder: { self?: PoolIssuer } = {};
    const server = createServer((req, res) => {
      const self = holder.self;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      self?.requests.push(path);
      const base = `/pools/${poolId}`;
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (self && path === `${base}/.well-known/openid-configuration`) {
        return json({ issuer: self.issuer, jwks_uri: `${self.issuer}/.well-known/jwks.json` });
      }
      if (self && path === `${base}/.well-known/jwks.json`) {
        const jwk = self.pair.publicKey.export({ format: 'jwk' });
        return json({ keys: [{ ...jwk, kid: self.kid, alg: 'ES256', use: 'sig' }] });
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.self = new PoolIssuer(server, `http://127.0.0.1:${port}/pools/${poolId}`);
    return holder.self;
  }

  /** A person's access token for `audience`, as the pool issues it (RFC 9068 + token_use). */
  accessToken(
    audience: string,
    clientId: string,
    scope: string,
    overrides: Record<string, unknown> = {},
  ): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign('at+jwt', {
      iss: this.issuer,
      sub: '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10',
      aud: audience,
      client_id: clientId,
      scope,
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
      auth_time: now,
      token_use: 'access',
      username: 'ada',
      ...overrides,
    });
  }

  /** The same person's ID token for the app `clientId`. */
  idToken(clientId: string): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign('JWT', {
      iss: this.issuer,
      sub: '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10',
      aud: clientId,
      iat: now,
      exp: now + 300,
      token_use: 'id',
      'cognito:username': 'ada',
    });
  }

  private sign(typ: string, payload: Record<string, unknown>): string {
    const input = `${b64({ alg: 'ES256', typ, kid: this.kid })}.${b64(payload)}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: this.pair.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${signature.toString('base64url')}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
