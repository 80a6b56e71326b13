import { createVerifier, type Verifier } from '@gatehouse/verify';
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import type { GatewayLogger } from '../log.js';
import { RouteAuth } from './route-auth.js';
import { TokenCache } from './token-cache.js';

/** What /healthz says about one verifier. */
export interface VerifierHealth {
  audience: string | readonly string[];
  /** Signing keys loaded at least once: verification needs no network round trip. */
  ready: boolean;
  /** Why the last attempt to load the keys failed, while not ready. */
  error?: string;
}

const RETRY_MS = 5_000;

class AudienceVerifier {
  ready = false;
  error: string | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly audience: string | readonly string[],
    readonly verifier: Verifier,
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

/** One verifier per audience, made once at start; each route knows its own. */
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
    const key = JSON.stringify(typeof audience === 'string' ? audience : [...audience].sort());
    let entry = this.verifiers.get(key);
    if (!entry) {
      const verifier = createVerifier({
        issuer: this.config.issuer,
        audience,
        ...(this.config.jwksUri !== undefined ? { jwksUri: this.config.jwksUri } : {}),
        ...(this.config.algorithms !== undefined ? { algorithms: this.config.algorithms } : {}),
        ...(this.config.clockToleranceSeconds !== undefined
          ? { clockToleranceSeconds: this.config.clockToleranceSeconds }
          : {}),
        ...(this.config.revocation !== undefined ? { revocation: this.config.revocation } : {}),
        onBackgroundError: (error) => {
          // A stale list is reported once, as an error, through `logger` below.
          if ((error as { code?: unknown }).code === 'ERR_REVOCATION_STALE') return;
          this.logger.warn('background key or revocation list refresh failed', { error: error.message });
        },
        logger: {
          warn: (message) => this.logger.warn(message, { audience }),
          error: (message) => this.logger.error(message, { audience }),
        },
      });
      entry = new AudienceVerifier(audience, verifier, new TokenCache(this.config.tokenCacheMs), this.logger);
      this.verifiers.set(key, entry);
    }
    return new RouteAuth(entry.verifier, route.scopes, entry.cache);
  }

  /** Starts loading every verifier's keys; resolves when each has succeeded or failed once. */
  async warm(): Promise<void> {
    await Promise.all([...this.verifiers.values()].map((v) => v.warm()));
  }

  health(): VerifierHealth[] {
    return [...this.verifiers.values()].map((v) => ({
      audience: v.audience,
      ready: v.ready,
      ...(v.ready || v.error === undefined ? {} : { error: v.error }),
    }));
  }

  close(): void {
    for (const v of this.verifiers.values()) v.close();
  }
}
