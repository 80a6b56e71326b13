import {
  type AnyVerifiedClaims,
  type AnyVerifierOptions,
  createVerifier,
  type Verifier,
} from '@gatehouse/verify';
import type { GatewayConfig, RouteConfig, UserPoolConfig } from '../config/schema.js';
import type { GatewayLogger } from '../log.js';
import { RouteAuth } from './route-auth.js';
import { TokenCache } from './token-cache.js';

/** What /healthz says about one verifier. */
export interface VerifierHealth {
  audience: string | readonly string[];
  /** Set for a user pool's verifier: the pool issuer. Machine verifiers use the top-level issuer. */
  issuer?: string;
  /** Signing keys loaded at least once: verification needs no network round trip. */
  ready: boolean;
  /** Why the last attempt to load the keys failed, while not ready. */
  error?: string;
}

const RETRY_MS = 5_000;

class AudienceVerifier {
  ready = false;
  /** The pool issuer, for a verifier of people's tokens. */
  pool: string | undefined;
  error: string | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly audience: string | readonly string[],
    readonly verifier: Verifier<AnyVerifiedClaims>,
    readonly cache: TokenCache,
    private readonly logger: GatewayLogger,
  ) {}

  /** Loads keys now, and again every few seconds until that works. */
  warm(): Promise<void> {
    return this.verifier.warm().then(
      () => {
        this.ready = true;
        this.error = undefined;
      },
      (error: unknown) => {
        if (this.closed) return;
        const message = error instanceof Error ? error.message : String(error);
        if (this.error === undefined) {
          this.logger.warn('cannot load the issuer signing keys yet; retrying', {
            audience: this.audience,
            error: message,
          });
        }
        this.error = message;
        this.retry = setTimeout(() => void this.warm(), RETRY_MS).unref();
      },
    );
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.cache.clear();
    this.verifier.close();
  }
}

/** One verifier per issuer and audience, made once at start; each route knows its own. */
export class Authorizer {
  private readonly verifiers = new Map<string, AudienceVerifier>();

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: GatewayLogger,
  ) {}

  /** The check a route needs: undefined for a public route. */
  forRoute(route: RouteConfig): RouteAuth | undefined {
    if (route.auth === 'none') return undefined;
    const audience = route.audience ?? this.config.audience;
    if (audience === undefined) throw new TypeError(`route ${route.path} has no audience`);
    const entries: AudienceVerifier[] = [];
    if (route.tokens !== 'user') entries.push(this.verifierFor(audience, undefined));
    if (route.tokens !== 'machine') {
      const pools = this.config.userPools;
      if (pools === undefined)
        throw new TypeError(`route ${route.path} accepts user tokens but no userPools are set`);
      for (const pool of pools) entries.push(this.verifierFor(audience, pool));
    }
    return new RouteAuth(
      entries.map((e) => ({
        issuer: e.pool ?? this.config.issuer,
        verifier: e.verifier,
        cache: e.cache,
        ...(e.pool === undefined ? {} : { poolAudiences: [audience].flat() }),
      })),
      route.scopes,
    );
  }

  /** One verifier per issuer and audience, shared by the routes that need it. */
  private verifierFor(
    audience: string | readonly string[],
    pool: UserPoolConfig | undefined,
  ): AudienceVerifier {
    const key = JSON.stringify([
      pool?.issuer ?? null,
      typeof audience === 'string' ? audience : [...audience].sort(),
    ]);
    let entry = this.verifiers.get(key);
    if (entry) return entry;
    const common = {
      ...(this.config.algorithms !== undefined ? { algorithms: this.config.algorithms } : {}),
      ...(this.config.clockToleranceSeconds !== undefined
        ? { clockToleranceSeconds: this.config.clockToleranceSeconds }
        : {}),
      ...(this.config.revocation !== undefined ? { revocation: this.config.revocation } : {}),
      onBackgroundError: (error: Error) => {
        // A stale list is reported once, as an error, through `logger` below.
        if ((error as { code?: unknown }).code === 'ERR_REVOCATION_STALE') return;
        this.logger.warn('background key or revocation list refresh failed', { error: error.message });
      },
      logger: {
        warn: (message: string) => this.logger.warn(message, { audience }),
        error: (message: string) => this.logger.error(message, { audience }),
      },
    };
    // A pool's tokens: access tokens only (an ID token is for the app, not for an API), found
    // through the pool's own discovery document, and no revocation list (pools advertise none).
    const options: AnyVerifierOptions =
      pool === undefined
        ? {
            issuer: this.config.issuer,
            audience,
            ...(this.config.jwksUri !== undefined ? { jwksUri: this.config.jwksUri } : {}),
            ...common,
          }
        : { issuer: pool.issuer, tokenUse: 'access', audience, clientId: pool.clientIds, ...common };
    entry = new AudienceVerifier(
      audience,
      createVerifier(options),
      new TokenCache(this.config.tokenCacheMs),
      this.logger,
    );
    entry.pool = pool?.issuer;
    this.verifiers.set(key, entry);
    return entry;
  }

  /** Starts loading every verifier's keys; resolves when each has succeeded or failed once. */
  async warm(): Promise<void> {
    await Promise.all([...this.verifiers.values()].map((v) => v.warm()));
  }

  health(): VerifierHealth[] {
    return [...this.verifiers.values()].map((v) => ({
      audience: v.audience,
      ...(v.pool === undefined ? {} : { issuer: v.pool }),
      ready: v.ready,
      ...(v.ready || v.error === undefined ? {} : { error: v.error }),
    }));
  }

  close(): void {
    for (const v of this.verifiers.values()) v.close();
  }
}
