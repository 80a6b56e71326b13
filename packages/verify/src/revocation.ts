import type { Discovery } from './discovery.js';
import { fetchJsonObject, RemoteError } from './remote.js';
import type { Settings } from './settings.js';

/** The last good revocation list: what `verify()` consults, synchronously. */
export interface RevocationState {
  /** jti → exp (epoch seconds). */
  revokedTokens: ReadonlyMap<string, number>;
  disabledClients: ReadonlySet<string>;
}

const EMPTY: RevocationState = { revokedTokens: new Map(), disabledClients: new Set() };

/** Parses Gatehouse's revocation list; throws RemoteError on anything unexpected. */
export function parseRevocationList(
  doc: Record<string, unknown>,
  issuer: string,
  url: string,
): RevocationState {
  const bad = (what: string): never => {
    throw new RemoteError(`revocation list ${url}: ${what}`);
  };
  if (doc.issuer !== issuer)
    bad(`issuer is ${JSON.stringify(doc.issuer)}, expected ${JSON.stringify(issuer)}`);
  if (!Array.isArray(doc.revoked_tokens)) bad('revoked_tokens is not an array');
  if (!Array.isArray(doc.disabled_clients)) bad('disabled_clients is not an array');
  const revokedTokens = new Map<string, number>();
  for (const entry of doc.revoked_tokens as unknown[]) {
    const { jti, exp } = (entry ?? {}) as { jti?: unknown; exp?: unknown };
    if (typeof jti !== 'string' || typeof exp !== 'number') bad('a revoked_tokens entry is not {jti, exp}');
    revokedTokens.set(jti as string, exp as number);
  }
  const disabledClients = new Set<string>();
  for (const id of doc.disabled_clients as unknown[]) {
    if (typeof id !== 'string') bad('a disabled_clients entry is not a string');
    disabledClients.add(id as string);
  }
  return { revokedTokens, disabledClients };
}

/**
 * Polls the revocation list on an unref'd timer (it never keeps a process alive), one request
 * at a time. A failed poll keeps the last good list; the next tick tries again.
 */
export class RevocationPoller {
  state: RevocationState = EMPTY;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private first: Promise<void> | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly intervalMs: number,
    private readonly discovery: Discovery,
    private readonly onBackgroundError: (error: Error) => void,
  ) {}

  /** Starts polling (once); resolves after the first poll, whether it worked or not. */
  start(): Promise<void> {
    if (!this.started && !this.closed) {
      this.started = true;
      this.first = this.tick();
    }
    return this.first ?? Promise.resolve();
  }

  stop(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    let keepPolling = true;
    try {
      keepPolling = await this.poll();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.onBackgroundError(new Error(`revocation list not refreshed: ${detail}`, { cause: error }));
    }
    if (keepPolling && !this.closed) {
      this.timer = setTimeout(() => void this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Returns false when there is nothing to poll: the server advertises no revocation list. */
  private async poll(): Promise<boolean> {
    const url = this.settings.revocation === false ? undefined : this.settings.revocation.url;
    const target = url ?? (await this.discovery.get()).revocationListUrl;
    if (target === undefined) return false;
    const doc = await fetchJsonObject(this.settings.fetch, target, 'revocation list');
    if (!this.closed) this.state = parseRevocationList(doc, this.settings.issuer, target);
    return true;
  }
}
