import type { RevokedTokenRow } from '../store/repos/rows.js';
import { decodeCursor, encodeCursor } from './revocation-cursor.js';
import { entry, RevokedTokenBuckets } from './revoked-token-buckets.js';

/**
 * A revoked token stays listed this long past its `exp`: verifiers accept a token for their clock
 * tolerance after `exp` (5 s by default), and clocks drift.
 */
export const EXPIRY_SKEW_MS = 60_000;
/** Deltas can be answered for cursors this recent; older ones get the full list again. */
const EVENT_RETENTION_MS = 15 * 60_000;

type ListEvent =
  { seq: number; at: number; jti: string } | { seq: number; at: number; clientId: string; blocked: boolean };

/** What one GET of the list answers, before the per-request head (issuer, time) is added. */
export interface ListAnswer {
  full: boolean;
  cursor: string;
  /** `,"disabled_clients":[…],…}`: everything after the head, in pieces ready to send. */
  body: readonly Buffer[];
}

/**
 * The kill switch verifiers poll: revoked token ids until their tokens expire, and blocked
 * clients. Every entry carries the change-log sequence number it arrived with, so a verifier
 * that holds a cursor (a position in the shared change log, the one order every instance
 * agrees on) is sent only what changed after it. Token ids are kept in RevokedTokenBuckets,
 * whose ready-made bytes make the full list.
 */
export class RevocationList {
  private readonly tokens = new RevokedTokenBuckets();
  /** Revoked on this instance, not yet seen in the change log: in every answer until then. */
  private readonly pending = new Map<string, number>();
  private blocked = new Set<string>();
  private events: ListEvent[] = [];
  /** The change-log position this list reflects, and the oldest position a delta can start from. */
  private position = 0;
  private floor = 0;
  /** Bumped on every change of what an answer would contain. */
  private version = 0;
  private full: { version: number; body: readonly Buffer[] } | undefined;
  private deltas = new Map<number, readonly Buffer[]>();
  private deltasVersion = -1;
  private prunedAt = -1;

  constructor(
    private readonly listId: string,
    private readonly now: () => number,
  ) {}

  /** Every token id still listed, including those past `exp` but within the skew. */
  get size(): number {
    this.prune();
    return this.tokens.size + this.pending.size;
  }

  /** When the soonest listed token leaves the list, in epoch ms (undefined when none is listed). */
  nextExpiry(): number | undefined {
    let soonest = this.tokens.soonest();
    for (const exp of this.pending.values()) if (soonest === undefined || exp < soonest) soonest = exp;
    return soonest === undefined ? undefined : soonest * 1000 + EXPIRY_SKEW_MS;
  }

  has(jti: string): boolean {
    return this.tokens.has(jti) || this.pending.has(jti);
  }

  /** Replaces everything with what the store holds at `position`; older cursors get the full list. */
  reset(position: number, revoked: readonly RevokedTokenRow[], blocked: Iterable<string>): void {
    this.tokens.clear();
    this.events = [];
    this.blocked = new Set(blocked);
    for (const row of revoked) this.tokens.add(row.jti, Math.floor(row.expires_at / 1000));
    // A revocation committed here while the reload was reading may be missing from what it read:
    // it stays pending (it is committed, so always true) until the log brings it or it expires.
    for (const jti of this.pending.keys()) if (this.tokens.has(jti)) this.pending.delete(jti);
    this.position = position;
    this.floor = position;
    this.version++;
    this.prunedAt = -1;
    // Serialised here, at start or after a resync, rather than by the first poll that asks.
    this.fullBody();
  }

  /** A revocation committed by this instance, before the change log brings it back. */
  notePending(jti: string, expiresAt: number): void {
    if (this.tokens.has(jti) || this.expired(Math.floor(expiresAt / 1000))) return;
    this.pending.set(jti, Math.floor(expiresAt / 1000));
    this.version++;
  }

  /** A revocation read from the change log at `seq`. Changes arrive in log order (deltas rely on it). */
  addRevoked(jti: string, expiresAt: number, seq: number): void {
    const exp = Math.floor(expiresAt / 1000);
    if (this.pending.delete(jti)) this.version++;
    if (this.tokens.has(jti) || this.expired(exp)) return;
    this.tokens.add(jti, exp);
    this.events.push({ seq, at: this.now(), jti });
    this.version++;
  }

  /** A client's blocked state as of `seq`; recorded only when it changed. */
  setBlocked(clientId: string, blocked: boolean, seq: number): void {
    if (this.blocked.has(clientId) === blocked) return;
    if (blocked) this.blocked.add(clientId);
    else this.blocked.delete(clientId);
    this.events.push({ seq, at: this.now(), clientId, blocked });
    this.version++;
  }

  /** Everything up to `position` of the change log has been applied. */
  advance(position: number): void {
    this.position = Math.max(this.position, position);
  }

  /** Whether `since` names a position ahead of this instance (another instance may be further on). */
  isAhead(since: string | undefined): boolean {
    const seq = since === undefined ? undefined : decodeCursor(since, this.listId);
    return seq !== undefined && seq > this.position;
  }

  /**
   * The answer to a poll: changes after `since` when that cursor is one of ours and recent
   * enough, or else the full list (`full: true`), so verifiers can tell a reset from a delta.
   */
  answer(since: string | undefined): ListAnswer {
    this.prune();
    const seq = since === undefined ? undefined : decodeCursor(since, this.listId);
    const cursor = encodeCursor(this.listId, this.position);
    if (seq === undefined || seq < this.floor || seq > this.position) {
      return { full: true, cursor, body: this.fullBody() };
    }
    if (this.deltasVersion !== this.version) {
      this.deltas.clear();
      this.deltasVersion = this.version;
    }
    let body = this.deltas.get(seq);
    if (body === undefined) {
      body = [this.deltaBody(seq)];
      // Verifiers hold a handful of distinct cursors at a time; a flood of made-up ones must not grow this.
      if (this.deltas.size >= 64) this.deltas.clear();
      this.deltas.set(seq, body);
    }
    return { full: false, cursor, body };
  }

  /** Drops expired entries and delta history past its retention (also run periodically). */
  prune(): void {
    const now = this.now();
    const second = Math.floor(now / 1000);
    if (second === this.prunedAt) return;
    this.prunedAt = second;
    this.version += this.tokens.drop((exp) => this.expired(exp));
    for (const [jti, exp] of this.pending) {
      if (this.expired(exp)) {
        this.pending.delete(jti);
        this.version++;
      }
    }
    const keepAfter = now - EVENT_RETENTION_MS;
    let drop = 0;
    while (drop < this.events.length && (this.events[drop] as ListEvent).at < keepAfter) drop++;
    if (drop > 0) {
      this.floor = Math.max(this.floor, (this.events[drop - 1] as ListEvent).seq);
      this.events = this.events.slice(drop);
    }
  }

  private expired(exp: number): boolean {
    return exp * 1000 + EXPIRY_SKEW_MS < this.now();
  }

  /**
   * The full list as pieces: the buckets' ready bytes, then what this instance revoked but the
   * change log has not yet brought back.
   */
  private fullBody(): readonly Buffer[] {
    // The body holds no cursor, so a change-log position that moved on alone does not stale it.
    if (this.full?.version === this.version) return this.full.body;
    const tokens = this.tokens.pieces();
    if (this.pending.size > 0) tokens.push(Buffer.from(pendingEntries(this.pending)));
    // Every entry starts with a comma; the first one's is dropped.
    const first = tokens[0];
    if (first) tokens[0] = first.subarray(1);
    const body = [
      Buffer.from(`,"disabled_clients":${JSON.stringify([...this.blocked].sort())},"revoked_tokens":[`),
      ...tokens,
      Buffer.from(']}'),
    ];
    this.full = { version: this.version, body };
    return body;
  }

  private deltaBody(since: number): Buffer {
    const events = this.events;
    let low = 0;
    let high = events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((events[mid] as ListEvent).seq <= since) low = mid + 1;
      else high = mid;
    }
    let tokens = '';
    const clients = new Map<string, boolean>();
    for (let i = low; i < events.length; i++) {
      const event = events[i] as ListEvent;
      if ('jti' in event) {
        const exp = this.tokens.exp(event.jti);
        if (exp !== undefined) tokens += entry(event.jti, exp);
      } else {
        clients.set(event.clientId, event.blocked);
      }
    }
    tokens += pendingEntries(this.pending);
    const disabled: string[] = [];
    const enabled: string[] = [];
    for (const [id, blocked] of clients) (blocked ? disabled : enabled).push(id);
    return Buffer.from(
      `,"disabled_clients":${JSON.stringify(disabled)},"enabled_clients":${JSON.stringify(enabled)},` +
        `"revoked_tokens":[${tokens.slice(1)}]}`,
    );
  }
}

function pendingEntries(pending: ReadonlyMap<string, number>): string {
  let out = '';
  for (const [jti, exp] of pending) out += entry(jti, exp);
  return out;
}
