import { rootCertificates } from 'node:tls';
import { Agent } from 'node:https';
import { BoundedWork, WorkSaturated } from '../../bounded-work.js';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { ClientEntry, ResourceEntry, TokenHookEntry } from '../cache-entries.js';
import { HookCache } from './hook-cache.js';
import { callHook, HookFailure, type HookFailureReason } from './hook-request.js';
import type { HookSecrets } from './hook-secrets.js';

/** How one token request's hook lookup ended: the label of gatehouse_token_hook_calls_total. */
export type HookOutcome = 'ok' | HookFailureReason;

export interface HookMetrics {
  /** One call to a hook (a cache hit is no call) and how it ended. */
  called(outcome: HookOutcome): void;
}

export const noopHookMetrics: HookMetrics = { called() {} };

/** The token is refused (fail-closed) because the resource server's hook did not give claims. */
export class HookUnavailableError extends Error {
  override name = 'HookUnavailableError';
  constructor(readonly reason: HookFailureReason) {
    super(`the token hook failed (${reason})`);
  }
}

export interface TokenHookCallerOptions {
  clock: Clock;
  logger: Logger;
  secrets: HookSecrets;
  /** Extra trusted CA certificates (PEM), beside the system's, for hooks on a private CA. */
  extraCa?: string | undefined;
  /** Most calls in flight at once across every hook; more wait (up to as many again), then fail. */
  concurrency?: number;
  /** Most answers cached. */
  cacheSize?: number;
  metrics?: HookMetrics;
}

export interface HookRequest {
  client: ClientEntry;
  resource: ResourceEntry;
  scopes: readonly string[];
  grantType: string;
}

const isSorted = (list: readonly string[]) => list.every((s, i) => i === 0 || (list[i - 1] as string) <= s);

/**
 * Asks resource servers' hooks for extra claims on the token path. A warm answer is read from
 * the cache without a promise; concurrent misses for the same key share one call; calls run
 * under their own concurrency limit, so a slow hook cannot hold every socket, and each is cut
 * at its hook's timeout. What a failure does is the hook's fail mode: `closed` throws
 * HookUnavailableError (the endpoint answers temporarily_unavailable), `open` gives no claims.
 */
export class TokenHookCaller {
  readonly #cache: HookCache;
  readonly #inFlight = new Map<string, Promise<Readonly<Record<string, unknown>>>>();
  readonly #work: BoundedWork;
  readonly #agent: Agent;
  /** Opened secrets by hook entry: an entry is replaced when its hook changes, so this never goes stale. */
  readonly #secrets = new WeakMap<TokenHookEntry, Buffer>();
  readonly #options: TokenHookCallerOptions;
  readonly #metrics: HookMetrics;

  constructor(options: TokenHookCallerOptions) {
    this.#options = options;
    const concurrency = options.concurrency ?? 64;
    this.#work = new BoundedWork(concurrency, concurrency);
    this.#cache = new HookCache(options.cacheSize ?? 10_000);
    this.#metrics = options.metrics ?? noopHookMetrics;
    this.#agent = new Agent({
      keepAlive: true,
      maxSockets: concurrency,
      ...(options.extraCa ? { ca: [...rootCertificates, options.extraCa] } : {}),
    });
  }

  /** The cache key of a request: scopes sorted, so the same set hits whatever order it came in. */
  key(request: HookRequest): string {
    const scopes = isSorted(request.scopes) ? request.scopes : [...request.scopes].sort();
    return `${request.resource.id}\u0000${request.client.clientId}\u0000${scopes.join(' ')}`;
  }

  /** The cached answer, synchronously; undefined on a miss. */
  cached(hook: TokenHookEntry, key: string): Readonly<Record<string, unknown>> | undefined {
    return this.#cache.get(key, hook.version, this.#options.clock.now());
  }

  /**
   * Calls the hook (or joins the call already made for this key). Null: the call failed and the
   * hook fails open. Throws HookUnavailableError when it failed and fails closed.
   */
  async fetch(
    hook: TokenHookEntry,
    key: string,
    request: HookRequest,
  ): Promise<Readonly<Record<string, unknown>> | null> {
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#call(hook, key, request).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    try {
      return await pending;
    } catch (error) {
      const reason = error instanceof HookFailure ? error.reason : 'network';
      if (hook.failMode === 'open') return null;
      throw new HookUnavailableError(reason);
    }
  }

  async #call(
    hook: TokenHookEntry,
    key: string,
    request: HookRequest,
  ): Promise<Readonly<Record<string, unknown>>> {
    const { clock, logger } = this.#options;
    const host = safeHost(hook.url);
    const started = clock.now();
    let release: () => void;
    try {
      release = await this.#work.acquire();
    } catch (error) {
      if (!(error instanceof WorkSaturated)) throw error;
      this.#report(hook, host, 'saturated', 'too many hook calls in flight', started);
      throw new HookFailure('saturated', 'too many hook calls in flight');
    }
    try {
      const { client, resource } = request;
      const scopes = isSorted(request.scopes) ? request.scopes : [...request.scopes].sort();
      const answer = await callHook(
        {
          url: hook.url,
          secret: this.#secret(hook),
          timeoutMs: hook.timeoutMs,
          agent: this.#agent,
          now: started,
        },
        {
          clientId: client.clientId,
          clientName: client.name,
          teamId: client.teamId,
          resource: resource.identifier,
          resourceServerId: resource.id,
          scopes,
          grantType: request.grantType,
        },
      );
      this.#metrics.called('ok');
      logger.debug('token hook answered', {
        resourceServerId: hook.resourceServerId,
        host,
        ttl: answer.ttlSeconds,
      });
      if (answer.ttlSeconds > 0) {
        this.#cache.set(key, hook.version, answer.claims, clock.now() + answer.ttlSeconds * 1000);
      }
      return answer.claims;
    } catch (error) {
      const failure = error instanceof HookFailure ? error : new HookFailure('network', String(error));
      this.#report(hook, host, failure.reason, failure.message, started);
      throw failure;
    } finally {
      release();
    }
  }

  #report(
    hook: TokenHookEntry,
    host: string,
    reason: HookFailureReason,
    message: string,
    started: number,
  ): void {
    this.#metrics.called(reason);
    // The URL's host only: a path or query could carry something its owner considers secret.
    this.#options.logger.warn('token hook failed', {
      resourceServerId: hook.resourceServerId,
      host,
      reason,
      message,
      failMode: hook.failMode,
      ms: this.#options.clock.now() - started,
    });
  }

  #secret(hook: TokenHookEntry): Buffer {
    let secret = this.#secrets.get(hook);
    if (secret === undefined) {
      secret = this.#options.secrets.open(hook.resourceServerId, hook.sealedSecret);
      this.#secrets.set(hook, secret);
    }
    return secret;
  }

  /** Answers cached now. */
  get cachedAnswers(): number {
    return this.#cache.size;
  }

  close(): void {
    this.#agent.destroy();
    this.#cache.clear();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}
