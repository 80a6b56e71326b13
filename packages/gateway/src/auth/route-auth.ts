import type { IncomingMessage } from 'node:http';
import { bearerToken, toHttpError, type Verifier } from '@gatehouse/verify';
import type { Identity } from '../proxy/headers.js';
import type { TokenCache } from './token-cache.js';

/** The RFC 6750 answer to a request that may not pass, exactly as @gatehouse/verify words it. */
export interface Refusal {
  status: number;
  wwwAuthenticate: string;
  body: { error: string; error_description?: string };
  /** The VerifyError code, for the access log. */
  code: string;
}

export type AuthResult = { ok: true; identity: Identity } | { ok: false; refusal: Refusal };

/** A route's bearer-token check: its audience's verifier and its scopes. */
export class RouteAuth {
  private readonly options: { requiredScopes: readonly string[] };

  constructor(
    private readonly verifier: Verifier,
    private readonly scopes: readonly string[],
    private readonly cache: TokenCache,
  ) {
    this.options = { requiredScopes: scopes };
  }

  /** Synchronous for a recently verified token that has the route's scopes; a promise otherwise. */
  check(req: IncomingMessage): AuthResult | Promise<AuthResult> {
    const header = req.headers.authorization;
    if (header !== undefined && this.cache.ttlMs > 0) {
      const hit = this.cache.get(header, Date.now());
      if (hit !== undefined && this.scopes.every((scope) => hit.scopes.has(scope))) return hit.result;
    }
    return this.verify(header);
  }

  private async verify(header: string | undefined): Promise<AuthResult> {
    try {
      const claims = await this.verifier.verify(bearerToken(header), this.options);
      const identity = { clientId: claims.client_id, scopes: claims.scopes };
      if (header !== undefined) this.cache.set(header, identity, claims.exp, Date.now());
      return { ok: true, identity };
    } catch (error) {
      const answer = toHttpError(error, this.scopes);
      const code = (error as { code?: unknown }).code;
      return { ok: false, refusal: { ...answer, code: typeof code === 'string' ? code : 'error' } };
    }
  }
}
