import type { IncomingMessage } from 'node:http';
import {
  type AnyVerifiedClaims,
  bearerToken,
  toHttpError,
  type Verifier,
  VerifyError,
} from '@gatehouse/verify';
import type { Identity } from '../proxy/headers.js';
import type { TokenCache } from './token-cache.js';

/** The RFC 6750 answer to a request that may not pass, exactly as @gatehouse/verify words it. */
export interface Refusal {
  status: number;
  wwwAuthenticate: string;
  body: { error: string; error_description?: string };
  /** The VerifyError code, for the access log. */
  code: string;
  /** What the check threw, for the refusal line. */
  error: unknown;
}

export type AuthResult = { ok: true; identity: Identity } | { ok: false; refusal: Refusal };

/** A verifier for one issuer (the deployment's, or a user pool's) at the route's audience. */
export interface IssuerCheck {
  issuer: string;
  verifier: Verifier<AnyVerifiedClaims>;
  cache: TokenCache;
  /**
   * Set for a user pool: the route's audience(s). Gatehouse pools write short scope names, as
   * for machines; a token in Cognito's qualified form (`lj-health-food/list-orders`) meets the
   * route's `list-orders` too under that audience, so one route config serves either.
   */
  poolAudiences?: readonly string[];
}

/** The route scopes a pool token meets: its own, plus those qualified by the route's audience. */
function poolRouteScopes(scopes: readonly string[], audiences: readonly string[]): string[] {
  const out = [...scopes];
  for (const scope of scopes) {
    for (const audience of audiences) {
      if (scope.startsWith(`${audience}/`)) out.push(scope.slice(audience.length + 1));
    }
  }
  return out;
}

/**
 * The unverified `iss` of a JWT, only to pick which verifier checks it: a wrong guess is
 * refused by that verifier (ERR_ISSUER_MISMATCH or worse), so nothing here is trusted.
 */
function claimedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** A route's bearer-token check: the verifiers of the issuers it accepts, and its scopes. */
export class RouteAuth {
  private readonly options: { requiredScopes: readonly string[] };
  private readonly first: IssuerCheck;

  constructor(
    private readonly checks: readonly IssuerCheck[],
    private readonly scopes: readonly string[],
  ) {
    const first = checks[0];
    if (first === undefined) throw new TypeError('RouteAuth: at least one issuer is needed');
    this.first = first;
    this.options = { requiredScopes: scopes };
  }

  /** Synchronous for a recently verified token that has the route's scopes; a promise otherwise. */
  check(req: IncomingMessage): AuthResult | Promise<AuthResult> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      for (const { cache } of this.checks) {
        if (cache.ttlMs <= 0) continue;
        const hit = cache.get(header, Date.now());
        if (hit !== undefined && this.scopes.every((scope) => hit.scopes.has(scope))) return hit.result;
      }
    }
    return this.verify(header);
  }

  private pick(header: string | undefined): IssuerCheck {
    if (this.checks.length === 1 || header === undefined) return this.first;
    const token = header.slice(header.indexOf(' ') + 1).trim();
    const iss = claimedIssuer(token);
    return this.checks.find((c) => c.issuer === iss) ?? this.first;
  }

  private async verify(header: string | undefined): Promise<AuthResult> {
    const { verifier, cache, poolAudiences } = this.pick(header);
    try {
      if (poolAudiences === undefined) {
        const claims = await verifier.verify(bearerToken(header), this.options);
        const identity: Identity = { clientId: claims.client_id as string, scopes: claims.scopes, claims };
        if (header !== undefined) cache.set(header, identity, claims.exp, Date.now());
        return { ok: true, identity };
      }
      const claims = await verifier.verify(bearerToken(header));
      const meets = poolRouteScopes(claims.scopes, poolAudiences);
      if (!this.scopes.every((scope) => meets.includes(scope))) {
        throw new VerifyError('ERR_INSUFFICIENT_SCOPE', 'the token lacks a scope the route requires', {
          claim: 'scope',
          actual: claims.scopes,
          expected: this.scopes,
        });
      }
      const identity: Identity = {
        clientId: claims.client_id as string,
        scopes: claims.scopes,
        subject: claims.sub,
        issuer: claims.iss,
        claims,
      };
      if (header !== undefined) cache.set(header, identity, claims.exp, Date.now(), meets);
      return { ok: true, identity };
    } catch (error) {
      const answer = toHttpError(error, this.scopes);
      const code = (error as { code?: unknown }).code;
      return { ok: false, refusal: { ...answer, code: typeof code === 'string' ? code : 'error', error } };
    }
  }
}
