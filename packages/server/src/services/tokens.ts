import { randomUUID } from 'node:crypto';
import type { ClientEntry, ResourceEntry } from './cache-entries.js';
import type { Runtime } from './runtime.js';

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
  /** Epoch milliseconds. */
  now: number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  scope: string;
}

/** No key is active for the resource server's algorithm: a deployment fault, not the caller's. */
export class NoSigningKeyError extends Error {
  constructor(readonly alg: string) {
    super(`no active ${alg} signing key`);
  }
}

export interface TokenServiceOptions {
  runtime: Runtime;
  issuer: string;
}

/** Issues tokens for every grant: one place decides what a token says and how it is signed. */
export class TokenService {
  private readonly runtime: Runtime;
  readonly issuer: string;

  constructor(options: TokenServiceOptions) {
    ({ runtime: this.runtime, issuer: this.issuer } = options);
  }

  /**
   * RFC 9068 access token: `typ: at+jwt`, `kid`, and the claims iss, sub, aud, client_id,
   * scope, iat, exp, jti. Every token is freshly signed with a unique jti; no store round trip.
   */
  async issueAccessToken(request: AccessTokenRequest): Promise<IssuedToken> {
    const { client, resource } = request;
    const signer = this.runtime.keys.signers.get(resource.alg);
    if (!signer) throw new NoSigningKeyError(resource.alg);
    const iat = Math.floor(request.now / 1000);
    const expiresIn = request.lifetime ?? client.tokenTtl ?? resource.tokenTtl;
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
    const token = await signer.sign(
      request.claims === undefined ? registered : { ...request.claims, ...registered },
    );
    return { token, expiresIn, scope };
  }
}
