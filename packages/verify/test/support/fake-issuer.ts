import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

export type FakeAlg = 'ES256' | 'ES384' | 'RS256' | 'PS256' | 'EdDSA';

export interface FakeKey {
  kid: string;
  alg: FakeAlg;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function makeKey(
  alg: FakeAlg,
  kid: string = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`,
): FakeKey {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'ES384'
        ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
        : alg === 'EdDSA'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

export function publicJwk(key: FakeKey, withAlg = true): Record<string, unknown> {
  return {
    ...key.publicKey.export({ format: 'jwk' }),
    kid: key.kid,
    use: 'sig',
    ...(withAlg ? { alg: key.alg } : {}),
  };
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token assembled by hand, for headers no library would produce. */
export function craft(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature = 'c2ln',
): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/** An ES256 signature over any header at all, for headers jose refuses to write. */
export function signRaw(
  key: FakeKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** The classic key confusion: HS256 with the public key's PEM as the HMAC secret. */
export function hmacWithPublicKey(key: FakeKey, payload: Record<string, unknown>): string {
  const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${b64(payload)}`;
  const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * A stand-in authorization server on loopback, serving metadata, a JWKS of keys the tests made
 * and a revocation list, counting requests per path. `fail` makes a path answer 503.
 */
export class FakeIssuer {
  keys: FakeKey[] = [];
  /** What the JWKS endpoint serves; by default the public halves of `keys`. */
  jwksOverride: unknown;
  revocation = { revoked_tokens: [] as { jti: string; exp: number }[], disabled_clients: [] as string[] };
  /** More members of the revocation list answer (`full`, `cursor`, `enabled_clients`, …). */
  revocationExtra: Record<string, unknown> = {};
  /** Every URL the revocation list was asked for, query included. */
  readonly revocationUrls: string[] = [];
  advertiseRevocation = true;
  /** The issuer the revocation list names; by default this one. */
  revocationIssuer: string | undefined;
  readonly requests = new Map<string, number>();
  readonly fail = new Set<string>();
  /**
   * Where the metadata is served: `oauth` at `<issuer>/.well-known/oauth-authorization-server`
   * (Gatehouse's machine issuer), `oauth-inserted` at RFC 8414's
   * `/.well-known/oauth-authorization-server<path>`, `openid` at
   * `<issuer>/.well-known/openid-configuration` (a pool issuer).
   */
  readonly metadataAt: Set<'oauth' | 'oauth-inserted' | 'openid'>;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    /** The issuer's path (`/pools/local_AbC123xyz`), or '' for an issuer at the root. */
    readonly base: string,
  ) {
    this.metadataAt = new Set([base === '' ? 'oauth' : 'openid']);
    // Pools advertise no revocation list.
    this.advertiseRevocation = base === '';
  }

  /** `path` makes an issuer with a path, like a pool's: `http://127.0.0.1:port/pools/local_AbC123xyz`. */
  static async start(options: { path?: string } = {}): Promise<FakeIssuer> {
    const holder: { self?: FakeIssuer } = {};
    const server = createServer((req, res) => holder.self?.handle(req.url ?? '/', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = options.path ?? '';
    holder.self = new FakeIssuer(server, `http://127.0.0.1:${port}${base}`, base);
    return holder.self;
  }

  /** A pool's ID token claims (OIDC Core + Cognito's names), overridable. */
  idClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      sub: '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10',
      aud: 'app1client1234567890abcdef',
      iat: now,
      exp: now + 300,
      auth_time: now - 10,
      token_use: 'id',
      email: 'ada@example.com',
      email_verified: true,
      groups: ['admins', 'editors'],
      'cognito:username': 'ada',
      'cognito:groups': ['admins', 'editors'],
      ...overrides,
    };
  }

  /** A pool's access token claims (RFC 9068 + Cognito's names), overridable. */
  accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      sub: '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10',
      aud: 'lj-health-food',
      client_id: 'app1client1234567890abcdef',
      // Short scope names, as Gatehouse writes them for machines and people alike.
      scope: 'openid list-orders',
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
      auth_time: now - 10,
      token_use: 'access',
      username: 'ada',
      'cognito:groups': ['admins', 'editors'],
      ...overrides,
    };
  }

  /** An ID token: typ JWT, as a pool writes it. */
  signId(
    key: FakeKey,
    payload: Record<string, unknown>,
    header: Record<string, unknown> = {},
  ): Promise<string> {
    return this.sign(key, payload, { typ: 'JWT', ...header });
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  count(path: string): number {
    return this.requests.get(path) ?? 0;
  }

  addKey(alg: FakeAlg, kid?: string): FakeKey {
    const key = makeKey(alg, kid);
    this.keys.push(key);
    return key;
  }

  /** Standard valid claims for this issuer, overridable. */
  claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      sub: 'client-1',
      aud: 'orders',
      client_id: 'client-1',
      scope: 'read write',
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...overrides,
    };
  }

  /** Signs with jose; `header` overrides the protected header (typ defaults to at+jwt). */
  sign(
    key: FakeKey,
    payload: Record<string, unknown>,
    header: Record<string, unknown> = {},
  ): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid, ...header })
      .sign(key.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private metadataKind(path: string): 'oauth' | 'oauth-inserted' | 'openid' | undefined {
    if (path === `${this.base}/.well-known/oauth-authorization-server`) return 'oauth';
    if (path === `/.well-known/oauth-authorization-server${this.base}`) return 'oauth-inserted';
    if (path === `${this.base}/.well-known/openid-configuration`) return 'openid';
    return undefined;
  }

  private handle(url: string, res: ServerResponse): void {
    const path = url.split('?')[0] ?? '/';
    this.requests.set(path, this.count(path) + 1);
    if (path === `${this.base}/revocations`) this.revocationUrls.push(url);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.fail.has(path)) {
      res.writeHead(503).end();
      return;
    }
    const metadata = this.metadataKind(path);
    if (metadata !== undefined && this.metadataAt.has(metadata)) {
      return json({
        issuer: this.issuer,
        jwks_uri: this.jwksUri,
        ...(this.advertiseRevocation ? { revocation_list_endpoint: `${this.issuer}/revocations` } : {}),
      });
    }
    switch (path.startsWith(this.base) ? path.slice(this.base.length) : path) {
      case '/jwks':
        return json(this.jwksOverride ?? { keys: this.keys.map((k) => publicJwk(k)) });
      case '/revocations':
        return json({
          issuer: this.revocationIssuer ?? this.issuer,
          generated_at: Math.floor(Date.now() / 1000),
          ...this.revocation,
          ...this.revocationExtra,
        });
      default:
        res.writeHead(404).end();
    }
  }
}
