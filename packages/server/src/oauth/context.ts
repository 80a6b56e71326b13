import type { IncomingHttpHeaders } from 'node:http';
import type { BoundedWork } from '../bounded-work.js';
import type { Clock } from '../clock.js';
import type { FormParams } from './form-request.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ClientJwksFetcher } from '../services/client-jwks.js';
import type { ClientAuthFailures } from './client-auth/failures.js';
import type { Runtime } from '../services/runtime.js';
import type { TokenService } from '../services/tokens.js';
import type { RevocationGuard } from './revocation-guard.js';
import type { RateLimiter } from '../services/rate-limits/rate-limiter.js';

/** What every OAuth endpoint and module sees: the request's parameters and the server's parts. */
export interface OAuthContext {
  params: FormParams;
  headers: IncomingHttpHeaders;
  server: OAuthServer;
  /** The caller's network address, for counting failed client authentications. */
  address?: string | undefined;
}

export interface OAuthServer {
  issuer: string;
  tokenEndpoint: string;
  runtime: Runtime;
  clock: Clock;
  /** Issuing and revoking tokens: the only way from here to the store. */
  tokens: TokenService;
  logger: Logger;
  clientJwks: ClientJwksFetcher;
  /** Signature checks with client-supplied keys: their own slots on libuv's pool, and a short queue. */
  assertionChecks: BoundedWork;
  /** Per-client revocation rate and the list's size cap. */
  revocationGuard: RevocationGuard;
  clientAuthFailures: ClientAuthFailures;
  /** Token requests by grant and outcome, and their latency (noopMetrics when metrics are off). */
  metrics: Metrics;
  /** Per-client rate limits and daily quotas at the token endpoint. */
  rateLimits: RateLimiter;
}
