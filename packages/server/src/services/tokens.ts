import { randomUUID } from 'node:crypto';
import type { SigningAlg } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { insertRevokedToken, recordAssertionJti } from '../store/repos/tokens.js';
import type { ClientEntry, ResourceEntry } from './cache-entries.js';
import type { Runtime } from './runtime.js';
import type { SigningJob, SigningKey } from '../crypto/signing-protocol.js';
import { SigningThreads } from '../crypto/signing-threads.js';
import { cognitoClaims } from './cognito-token-claims.js';
import { hookClaims, mergeClaims } from './custom-token-claims.js';
import type { TokenHookCaller } from './token-hooks/hook-caller.js';

/** What an access token is issued for; every grant fills one of these. */
export interface AccessTokenRequest {
  /** `sub`: the client itself for client_credentials; the person for grants that act for one. */
  subject: string;
  client: ClientEntry;
  /** The audience (RFC 8707 resource); its signing algorithm signs the token. */
  resource: ResourceEntry;
  scopes: readonly string[];
  /** Lifetime in seconds; by default the client's, then the resource server's. */
  lifetime?: number | undefined;
  /** Further claims (e.g. `auth_time`); the registered ones above always win. */
  claims?: Readonly<Record<string, unknown>> | undefined;
  /** The grant the token is issued through, as the resource server's token hook is told. */
  grantType?: string | undefined;
  /** Epoch milliseconds. */
  now: number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  scope: string;
}

/** The claims of a token to revoke, as read from the token itself. */
export interface RevokedToken {
  jti: string;
  clientId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** No key is active for the resource server's algorithm: a deployment fault, not the caller's. */
export class NoSigningKeyError extends Error {
  constructor(readonly alg: string) {
    super(`no active ${alg} signing key`);
  }
}

export interface TokenServiceOptions {
  db: Db;
  runtime: Runtime;
  clock: Clock;
  issuer: string;
  /** Where people's tokens are signed; threads of the service's own when not given. */
  signing?: SigningThreads;
  /** Calls resource servers' token hooks; without it, a resource server's hook is not called (tests). */
  hooks?: TokenHookCaller | undefined;
}

/** A pool token to sign: its algorithm (a deployment key of that alg signs) and its claims. */
export interface PoolTokenToSign {
  alg: SigningAlg;
  claims: Record<string, unknown>;
}

/**
 * Issues and revokes tokens, and remembers what may be used once (client assertion ids; later
 * authorization codes and refresh tokens). The OAuth endpoints reach the store only through here.
 */
export class TokenService {
  private readonly db: Db;
  private readonly runtime: Runtime;
  private readonly clock: Clock;
  readonly issuer: string;
  private readonly signing: SigningThreads;
  private readonly hooks: TokenHookCaller | undefined;
  /** Machine tokens handed to libuv's pool for signing and not yet signed: past its threads, they queue there. */
  private signingNow = 0;

  constructor(options: TokenServiceOptions) {
    ({ db: this.db, runtime: this.runtime, clock: this.clock, issuer: this.issuer } = options);
    this.signing = options.signing ?? new SigningThreads();
    this.hooks = options.hooks;
  }

  /**
   * RFC 9068 access token: `typ: at+jwt`, `kid`, and the claims iss, sub, aud, client_id,
   * scope, iat, exp, jti. Every token is freshly signed with a unique jti; no store round trip.
   * A resource server with the `cognito` profile gets Cognito's shape instead (cognitoClaims).
   * Custom claims (the client's, the resource server's, then its hook's) come under the
   * registered ones; a request with none of them takes no extra object or promise.
   */
  async issueAccessToken(request: AccessTokenRequest): Promise<IssuedToken> {
    const { client, resource } = request;
    const signer = this.runtime.keys.signers.get(resource.alg);
    if (!signer) throw new NoSigningKeyError(resource.alg);
    if (resource.hook !== null || resource.claims !== null || client.claims !== null) {
      let hooked =
        resource.hook !== null && this.hooks !== undefined ? hookClaims(this.hooks, request) : null;
      if (hooked instanceof Promise) hooked = await hooked;
      request = { ...request, claims: mergeClaims(request, hooked) };
    }
    const iat = Math.floor(request.now / 1000);
    const expiresIn = request.lifetime ?? client.tokenTtl ?? resource.tokenTtl;
    if (resource.profile === 'cognito') {
      const claims = cognitoClaims(this.issuer, request, iat, expiresIn);
      this.signingNow++;
      try {
        return { token: await signer.sign(claims), expiresIn, scope: claims.scope };
      } finally {
        this.signingNow--;
      }
    }
    const scope = request.scopes.join(' ');
    const registered = {
      iss: this.issuer,
      sub: request.subject,
      aud: resource.identifier,
      client_id: client.clientId,
      scope,
      iat,
      exp: iat + expiresIn,
      jti: randomUUID(),
    };
    // Counted inline rather than through a helper: no extra promise per token.
    this.signingNow++;
    try {
      const token = await signer.sign(
        request.claims === undefined ? registered : { ...request.claims, ...registered },
      );
      return { token, expiresIn, scope };
    } finally {
      this.signingNow--;
    }
  }

  /** Machine tokens being signed on libuv's pool, and people's tokens queued and at the signing threads. */
  get signingDepth(): { pool: number; threads: { queued: number; inFlight: number } } {
    return { pool: this.signingNow, threads: this.signing.depth };
  }

  /**
   * Signs a person's access token and, when given, their ID token, whose claims the caller
   * built (pools/user-access-token-claims.ts, pools/id-token-claims.ts): the access token with
   * the same `at+jwt` header as machine tokens, the ID token with `typ: JWT` and the at_hash of
   * the access token. Same keys, so the pool's JWKS is the deployment's. A missing key throws at
   * once rather than in the promise, so callers learn of it before they write anything.
   */
  signPoolTokens(
    access: PoolTokenToSign,
    id?: PoolTokenToSign,
  ): Promise<{ accessToken: string; idToken?: string }> {
    const accessKey = this.signingKey(access.alg, 'at+jwt');
    const idKey = id ? this.signingKey(id.alg, 'JWT') : undefined;
    const job: SigningJob = { access: { ref: accessKey.ref, json: JSON.stringify(access.claims) } };
    if (id && idKey) {
      if ('at_hash' in id.claims) throw new TypeError('signPoolTokens: the ID token claims hold an at_hash');
      job.id = { ref: idKey.ref, alg: id.alg, json: JSON.stringify(id.claims) };
    }
    return this.signing
      .sign(job, idKey ? [accessKey, idKey] : [accessKey])
      .then(([accessToken, idToken]) =>
        idToken === undefined
          ? { accessToken: accessToken as string }
          : { accessToken: accessToken as string, idToken },
      );
  }

  private signingKey(alg: SigningAlg, typ: string): SigningKey {
    const signer = this.runtime.keys.signers.get(alg);
    if (!signer) throw new NoSigningKeyError(alg);
    return { ref: `${signer.kid}|${typ}`, alg, key: signer.privateKey };
  }

  close(): Promise<void> {
    return this.signing.close();
  }

  isRevoked(jti: string): boolean {
    return this.runtime.isRevoked(jti);
  }

  /**
   * Adds the token to the revocation list; the change log carries it to every instance, and
   * this instance's introspection reports it inactive at once.
   */
  async revoke(token: RevokedToken, now = this.clock.now()): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = { jti: token.jti, client_id: token.clientId, expires_at: token.expiresAt, revoked_at: now };
      if (await insertRevokedToken(tx, row)) await recordChange(tx, 'revocation', token.jti, now);
    });
    this.runtime.noteRevoked(token.jti, token.expiresAt);
  }

  /**
   * Marks a client assertion's `jti` used; false when it already was. The store's primary key
   * decides, atomically across instances.
   */
  useAssertionId(clientId: string, jti: string, expiresAt: number): Promise<boolean> {
    return recordAssertionJti(this.db, clientId, jti, expiresAt);
  }
}
