import type { Discovery } from './discovery.js';
import { VerifyError } from './errors.js';
import { fetchJsonObject, RemoteError } from './remote.js';
import type { RevocationSettings, Settings } from './settings.js';

/**
 * A full list past this is refused. Gatehouse caps its list far below it (100,000 token ids,
 * about 6 MB, by default); after the first download only changes travel.
 */
const MAX_LIST_BYTES = 64 * 1024 * 1024;
const MAX_CURSOR_LENGTH = 200;

/** What `verify()` consults, synchronously. */
export interface RevocationState {
  /** jti → exp (epoch seconds). */
  revokedTokens: ReadonlyMap<string, number>;
  disabledClients: ReadonlySet<string>;
  /** Set while the list is older than the grace period and failing open is off: verify() rejects with it. */
  stale: VerifyError | undefined;
}

/** One answer of the list endpoint, checked. */
export interface ListUpdate {
  /** A whole list that replaces what the verifier holds; otherwise changes since its cursor. */
  full: boolean;
  cursor: string | undefined;
  revoked: [jti: string, exp: number][];
  disabled: string[];
  enabled: string[];
}

function strings(doc: Record<string, unknown>, name: string, bad: (what: string) => never): string[] {
  const value = doc[name];
  if (!Array.isArray(value)) bad(`${name} is not an array`);
  for (const id of value as unknown[]) if (typeof id !== 'string') bad(`a ${name} entry is not a string`);
  return value as string[];
}

/**
 * Parses one answer of Gatehouse's revocation list; throws RemoteError on anything unexpected.
 * An answer without `full: false` is a whole list (servers from before deltas send no `full`).
 */
function parseRevocationList(doc: Record<string, unknown>, issuer: string, url: string): ListUpdate {
  const bad = (what: string): never => {
    throw new RemoteError(`revocation list ${url}: ${what}`);
  };
  if (doc.issuer !== issuer)
    bad(`issuer is ${JSON.stringify(doc.issuer)}, expected ${JSON.stringify(issuer)}`);
  if (!Array.isArray(doc.revoked_tokens)) bad('revoked_tokens is not an array');
  const revoked: [string, number][] = [];
  for (const entry of doc.revoked_tokens as unknown[]) {
    const { jti, exp } = (entry ?? {}) as { jti?: unknown; exp?: unknown };
    if (typeof jti !== 'string' || typeof exp !== 'number') bad('a revoked_tokens entry is not {jti, exp}');
    revoked.push([jti as string, exp as number]);
  }
  const full = doc.full !== false;
  const cursor =
    typeof doc.cursor === 'string' && doc.cursor.length > 0 && doc.cursor.length <= MAX_CURSOR_LENGTH
      ? doc.cursor
      : undefined;
  return {
    full,
    cursor,
    revoked,
    disabled: strings(doc, 'disabled_clients', bad),
    enabled: full || doc.enabled_clients === undefined ? [] : strings(doc, 'enabled_clients', bad),
  };
}

function withCursor(url: string, cursor: string | undefined): string {
  if (cursor === undefined) return url;
  const target = new URL(url);
  target.searchParams.set('since', cursor);
  return target.href;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Polls the revocation list on an unref'd timer (it never keeps a process alive), one request
 * at a time: the whole list first, then only the changes since the cursor of the last answer.
 * A failed poll keeps the last good list; the next tick tries again. Once the list is older
 * than the grace period the verifier fails closed (unless told to fail open), and says so
 * once, not on every request.
 */
export class RevocationPoller {
  readonly state: {
    revokedTokens: Map<string, number>;
    disabledClients: Set<string>;
    stale: VerifyError | undefined;
  } = {
    revokedTokens: new Map<string, number>(),
    disabledClients: new Set<string>(),
    stale: undefined,
  };
  private cursor: string | undefined;
  /** The earliest `exp` listed: expired ids are swept only once one is due. */
  private soonestExp = Infinity;
  private started = false;
  private closed = false;
  /** False once the server turns out to advertise no list: there is nothing to go stale. */
  private active = true;
  private timer: NodeJS.Timeout | undefined;
  private first: Promise<void> | undefined;
  private inflight: Promise<void> | undefined;
  private startedAt = 0;
  /** When the last poll that worked began: the list is at least that fresh. */
  private lastGood: number | undefined;
  private lastAttemptOk = true;
  private lastError: unknown;
  private reportedStale = false;

  constructor(
    private readonly settings: Settings,
    private readonly options: RevocationSettings,
    private readonly discovery: Discovery,
  ) {}

  /** Starts polling (once); resolves after the first poll, whether it worked or not. */
  start(): Promise<void> {
    if (!this.started && !this.closed) {
      this.started = true;
      this.startedAt = this.settings.now();
      this.first = this.tick();
    }
    return this.first ?? Promise.resolve();
  }

  stop(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Called by `verify()` before the claims are checked: marks the list stale once it is older
   * than the grace period. A poller whose last poll worked but has not run since (a Lambda
   * sandbox thawed after a freeze, a long-blocked event loop) gets one refresh first, so it is
   * not refused for having slept; the returned promise settles when that is done.
   */
  checkFreshness(): Promise<void> | undefined {
    if (!this.started || !this.active) return undefined;
    if (!this.isStale(this.settings.now())) return undefined;
    if (this.lastAttemptOk && !this.closed) {
      return this.tick().then(() => this.judge(this.settings.now()));
    }
    this.judge(this.settings.now());
    return undefined;
  }

  private isStale(now: number): boolean {
    return now - (this.lastGood ?? this.startedAt) > this.options.graceMs;
  }

  /** Reports a list that went stale, once, and arms (or, failing open, does not arm) the refusal. */
  private judge(now: number): void {
    if (!this.active || !this.isStale(now) || this.reportedStale) return;
    this.reportedStale = true;
    const age = Math.round((now - (this.lastGood ?? this.startedAt)) / 1000);
    const grace = this.options.graceMs / 1000;
    const detail = this.lastError === undefined ? '' : `; last error: ${describe(this.lastError)}`;
    const error = new VerifyError(
      'ERR_REVOCATION_STALE',
      `the revocation list of ${this.settings.issuer} has not been refreshed for ${age} s (grace ${grace} s)${detail}`,
      undefined,
      { cause: this.lastError },
    );
    if (!this.options.failOpen) this.state.stale = error;
    this.settings.onBackgroundError(error);
    this.settings.logger.error(
      `@gatehouse/verify: ${error.message}; ` +
        (this.options.failOpen
          ? 'accepting tokens anyway (revocation.failOpen): revoked tokens and disabled clients may pass'
          : 'refusing every token with ERR_REVOCATION_STALE until it is'),
    );
  }

  /** Polls now, or joins the poll under way; the next one is scheduled an interval after it ends. */
  private tick(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.poll().then((keepPolling) => {
      this.inflight = undefined;
      if (keepPolling && !this.closed) {
        this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
        this.timer.unref();
      }
    });
    this.inflight = run;
    return run;
  }

  /** Returns false when there is nothing to poll: the server advertises no revocation list. */
  private async poll(): Promise<boolean> {
    const startedAt = this.settings.now();
    try {
      const target = this.options.url ?? (await this.discovery.get()).revocationListUrl;
      if (target === undefined) {
        this.active = false;
        return false;
      }
      const doc = await fetchJsonObject(
        this.settings.fetch,
        withCursor(target, this.cursor),
        'revocation list',
        MAX_LIST_BYTES,
      );
      if (this.closed) return false;
      const update = parseRevocationList(doc, this.settings.issuer, target);
      if (!update.full && this.cursor === undefined) {
        throw new RemoteError(`revocation list ${target}: a list of changes, but no cursor was sent`);
      }
      this.apply(update, startedAt);
    } catch (error) {
      this.lastAttemptOk = false;
      this.lastError = error;
      this.settings.onBackgroundError(
        new Error(`revocation list not refreshed: ${describe(error)}`, { cause: error }),
      );
      this.judge(this.settings.now());
    }
    return true;
  }

  private apply(update: ListUpdate, startedAt: number): void {
    const state = this.state;
    if (update.full) {
      state.revokedTokens = new Map();
      state.disabledClients = new Set(update.disabled);
      this.soonestExp = Infinity;
    } else {
      for (const id of update.disabled) state.disabledClients.add(id);
      for (const id of update.enabled) state.disabledClients.delete(id);
    }
    const revoked = state.revokedTokens;
    for (const [jti, exp] of update.revoked) {
      revoked.set(jti, exp);
      if (exp < this.soonestExp) this.soonestExp = exp;
    }
    this.cursor = update.cursor;
    this.sweep(startedAt);
    this.lastGood = startedAt;
    this.lastAttemptOk = true;
    this.lastError = undefined;
    if (this.reportedStale) {
      this.reportedStale = false;
      state.stale = undefined;
      this.settings.logger.warn(
        `@gatehouse/verify: the revocation list of ${this.settings.issuer} is fresh again; accepting tokens`,
      );
    }
  }

  /** Forgets ids whose tokens `verify()` would refuse as expired anyway. */
  private sweep(now: number): void {
    const horizon = now / 1000 - this.settings.toleranceSeconds;
    if (this.soonestExp > horizon) return;
    let soonest = Infinity;
    const revoked = this.state.revokedTokens;
    for (const [jti, exp] of revoked) {
      if (exp <= horizon) revoked.delete(jti);
      else if (exp < soonest) soonest = exp;
    }
    this.soonestExp = soonest;
  }
}
