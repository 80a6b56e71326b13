import { createHash, randomBytes } from 'node:crypto';

/** What the backend keeps between `/login` and `/callback`: never sent to the browser. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/** A signed-in person's server-side session. The browser only holds its random id. */
export interface Session {
  sub: string;
  claims: Record<string, unknown>;
  /** Where the profile came from: the ID token, or userinfo too. */
  profileSource: string;
  idToken: string;
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string | undefined;
  /** Tied to the session, checked on every form post. */
  csrf: string;
  refreshedAt: number | undefined;
  lastSeenAt: number;
}

/** 256-bit random values, base64url: session ids, CSRF tokens. */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

/** Ids are kept hashed, so a dump of the store cannot be replayed as cookies. */
function key(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/**
 * The example's session table, in memory: one process, lost on restart. A deployment with
 * several instances puts the same records in a shared table (the reference set-up used
 * DynamoDB); only this class changes.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, PendingLogin>();

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a sign-in; the returned id goes in a short-lived cookie. */
  startLogin(login: Omit<PendingLogin, 'expiresAt'>, ttlMs = 10 * 60_000): string {
    const id = randomId();
    this.pending.set(key(id), { ...login, expiresAt: this.now() + ttlMs });
    return id;
  }

  /** Single use: a replayed callback finds nothing. */
  takeLogin(id: string): PendingLogin | undefined {
    const k = key(id);
    const login = this.pending.get(k);
    this.pending.delete(k);
    return login !== undefined && login.expiresAt > this.now() ? login : undefined;
  }

  /** A fresh id on every sign-in, so an id planted before sign-in is worth nothing after it. */
  create(session: Omit<Session, 'csrf' | 'lastSeenAt' | 'refreshedAt'>): string {
    const id = randomId();
    this.sessions.set(key(id), {
      ...session,
      csrf: randomId(),
      refreshedAt: undefined,
      lastSeenAt: this.now(),
    });
    return id;
  }

  get(id: string): Session | undefined {
    const k = key(id);
    const session = this.sessions.get(k);
    if (session === undefined) return undefined;
    if (this.now() - session.lastSeenAt > this.idleMs) {
      this.sessions.delete(k);
      return undefined;
    }
    session.lastSeenAt = this.now();
    return session;
  }

  update(id: string, change: Partial<Session>): void {
    const k = key(id);
    const session = this.sessions.get(k);
    if (session !== undefined) this.sessions.set(k, { ...session, ...change });
  }

  delete(id: string): void {
    this.sessions.delete(key(id));
  }

  /** Every live session, for the demo's summary and tests; never served to a browser. */
  all(): Session[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }
}
