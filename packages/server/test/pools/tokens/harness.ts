import { randomBytes } from 'node:crypto';
import type { CreateAppClientInput, CreatedAppClient, PoolUser } from '@gatehouse/schemas';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { sha256Base64url } from '../../../src/crypto/secrets.js';
import { createLogger } from '../../../src/log.js';
import { CODE_LIFETIME_MS } from '../../../src/pools/code-policy.js';
import { s256Challenge } from '../../../src/pools/pkce.js';
import { type RunningServer, startServer } from '../../../src/serve.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { insertPoolAuthCode, type PoolAuthCodeRow } from '../../../src/store/repos/pool-auth-codes.js';
import { type BackendName, createBackend, type TestBackend } from '../../support/backends.js';
import type { BackendGate, LogEntry } from '../../support/each-backend.js';
import { TestClock } from '../../support/clock.js';
import { basicAuth, postForm } from '../../support/server.js';

export { basicAuth, postForm };

export const CALLBACK = 'https://app.example.com/callback';
export const SPA_CALLBACK = 'http://127.0.0.1:5173/cb';

export interface CodeOptions {
  client: { clientId: string };
  scope?: string;
  redirectUri?: string;
  nonce?: string | null;
  /** With a verifier, the code carries its S256 challenge. */
  verifier?: string | null;
  authTime?: number;
  sub?: string;
}

/**
 * A server on one store with a frozen clock, a pool with a confidential and a public client,
 * and Alice (in the `staff` group). Codes are inserted as pool_auth_codes rows, in the format
 * the authorize endpoint writes them.
 */
export class PoolGate implements BackendGate {
  readonly clock: TestClock;
  readonly logs: LogEntry[] = [];
  readonly secrets: string[] = [];
  backend!: TestBackend;
  server!: RunningServer;
  poolId = '';
  confidential!: CreatedAppClient & { clientSecret: string };
  spa!: CreatedAppClient;
  alice!: PoolUser;

  constructor(
    readonly backendName: BackendName,
    startAt?: number,
  ) {
    this.clock = new TestClock(startAt);
  }

  get issuer(): string {
    return `${this.server.issuer}/pools/${this.poolId}`;
  }
  url(path: string): string {
    return this.issuer + path;
  }
  get token(): string {
    return this.url('/oauth2/token');
  }

  async start(): Promise<void> {
    this.backend = await createBackend(this.backendName);
    this.server = await startServer(this.backend.config(), {
      logger: createLogger('debug', (line) => this.logs.push(JSON.parse(line) as LogEntry)),
      clock: this.clock,
    });
    const g = this.server.gatehouse;
    const pool = await g.userPools.create({ name: 'Shop' }, CLI_ACTOR);
    this.poolId = pool.id;
    this.confidential = (await this.appClient({
      name: 'backend',
      public: false,
      redirectUris: [CALLBACK],
      logoutUris: [],
      scopes: ['openid', 'email', 'profile'],
    })) as CreatedAppClient & { clientSecret: string };
    this.spa = await this.appClient({
      name: 'spa',
      public: true,
      redirectUris: [SPA_CALLBACK],
      logoutUris: [],
      scopes: ['openid', 'email', 'profile'],
    });
    this.alice = await g.poolUsers.create(
      this.poolId,
      {
        username: 'alice',
        email: 'alice@example.com',
        emailVerified: true,
        password: `Pw-${randomBytes(12).toString('base64url')}`,
        attributes: { name: 'Alice Liddell', given_name: 'Alice' },
      },
      CLI_ACTOR,
    );
    await g.poolGroups.create(this.poolId, { name: 'staff' }, CLI_ACTOR);
    await g.poolGroups.addUser(this.poolId, 'staff', 'alice', CLI_ACTOR);
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.backend?.cleanup();
  }

  async appClient(input: CreateAppClientInput): Promise<CreatedAppClient> {
    const created = await this.server.gatehouse.appClients.create(this.poolId, input, CLI_ACTOR);
    if (created.clientSecret) this.secrets.push(created.clientSecret);
    await this.server.runtime.poll();
    return created;
  }

  /** Inserts a code row as the authorize endpoint would, and returns the code. */
  async code(options: CodeOptions): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row: PoolAuthCodeRow = {
      code_hash: sha256Base64url(code),
      pool_id: this.poolId,
      client_id: options.client.clientId,
      sub: options.sub ?? this.alice.sub,
      session_id_hash: null,
      redirect_uri: options.redirectUri ?? CALLBACK,
      scope: options.scope ?? 'openid email profile',
      nonce: options.nonce === undefined ? 'n-0S6_WzA2Mj' : options.nonce,
      code_challenge: options.verifier ? s256Challenge(options.verifier) : null,
      code_challenge_method: options.verifier ? 'S256' : null,
      auth_time: options.authTime ?? now,
      expires_at: now + CODE_LIFETIME_MS,
      used_at: null,
      family_id: null,
      access_jtis: null,
    };
    await insertPoolAuthCode(this.server.gatehouse.db, row);
    return code;
  }

  /** The confidential client redeems a code with HTTP Basic, as the reference backend does. */
  redeem(code: string, extra: Record<string, string> = {}) {
    return postForm(
      this.token,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, ...extra },
      basicAuth(this.confidential.clientId, this.confidential.clientSecret),
    );
  }

  refresh(refreshToken: string, extra: Record<string, string> = {}) {
    return postForm(
      this.token,
      { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
      basicAuth(this.confidential.clientId, this.confidential.clientSecret),
    );
  }

  userinfo(accessToken: string, init: RequestInit = {}) {
    return fetch(this.url('/oauth2/userInfo'), {
      ...init,
      headers: { authorization: `Bearer ${accessToken}`, ...(init.headers as Record<string, string>) },
    });
  }

  /** Verifies a token with jose against the pool's published JWKS, at the frozen clock's time. */
  async verify(token: string, options: { audience: string; typ: string }): Promise<JWTPayload> {
    const jwks = createRemoteJWKSet(new URL(this.url('/.well-known/jwks.json')), {
      cooldownDuration: 0,
      cacheMaxAge: 0,
    });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: this.issuer,
      audience: options.audience,
      typ: options.typ,
      currentDate: new Date(this.clock.now()),
    });
    return payload;
  }
}

export const verifier = () => randomBytes(32).toString('base64url');
