import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import type { Db } from '../../store/db.js';
import {
  deletePoolSession,
  findPoolSession,
  insertPoolSession,
  listPoolSessionsOf,
  purgePoolSessions,
  type PoolSessionRow,
  touchPoolSession,
} from '../../store/repos/pool-sessions.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { NotFoundError } from '../errors.js';
import type { RequestOrigin } from '../sessions.js';
import { loadPool, type PoolRecord, poolTarget, requirePool } from './pool-access.js';
import { requirePoolUser } from './pool-user-lookup.js';

/** Writing last-seen on every page would make each one a write; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/** A session as admins see it: never the cookie value, only the id of its hash. */
export interface PoolSessionView {
  /** The SHA-256 of the cookie value: enough to name the session, useless to replay it. */
  id: string;
  poolId: string;
  sub: string;
  authTime: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** A live session, read for a request at the pool's hosted pages or authorize endpoint. */
export interface LivePoolSession {
  idHash: string;
  poolId: string;
  sub: string;
  /** Epoch ms of the sign-in: `auth_time` and `max_age` are measured from it. */
  authTime: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function poolSessionView(row: PoolSessionRow): PoolSessionView {
  return {
    id: row.id_hash,
    poolId: row.pool_id,
    sub: row.sub,
    authTime: iso(row.auth_time),
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/**
 * People's sessions at a pool, kept in the store behind an opaque cookie: 256 random bits, of
 * which only the SHA-256 is stored. A session ends when idle past the pool's idle lifetime, at
 * its absolute end, at logout, or when the user is signed out everywhere.
 */
export class PoolSessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Starts a session after a sign-in; the returned value goes in the cookie and nowhere else. */
  async start(
    pool: PoolRecord,
    sub: string,
    origin: RequestOrigin,
    authTime = this.clock.now(),
  ): Promise<{ cookieValue: string; session: LivePoolSession; maxAgeSeconds: number }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row: PoolSessionRow = {
      id_hash: sha256Base64url(cookieValue),
      pool_id: pool.row.id,
      sub,
      auth_time: authTime,
      created_at: now,
      last_seen_at: now,
      expires_at: now + pool.settings.sessions.absoluteSeconds * 1000,
      ip: origin.ip,
      user_agent: origin.userAgent?.slice(0, 512) ?? null,
    };
    await insertPoolSession(this.db, row);
    return {
      cookieValue,
      session: { idHash: row.id_hash, poolId: row.pool_id, sub, authTime },
      maxAgeSeconds: pool.settings.sessions.absoluteSeconds,
    };
  }

  /**
   * The live session a cookie names at this pool, or undefined: unknown, another pool's,
   * idle too long or past its end (those are deleted on the way).
   */
  async resolve(poolId: string, cookieValue: string | undefined): Promise<LivePoolSession | undefined> {
    if (!cookieValue || cookieValue.length > 100) return undefined;
    const idHash = sha256Base64url(cookieValue);
    const row = await findPoolSession(this.db, idHash);
    if (!row || row.pool_id !== poolId) return undefined;
    const pool = await loadPool(this.db, poolId);
    const now = this.clock.now();
    const idleMs = (pool?.settings.sessions.idleSeconds ?? 0) * 1000;
    if (!pool || now >= row.expires_at || now - row.last_seen_at >= idleMs) {
      await deletePoolSession(this.db, idHash);
      return undefined;
    }
    if (now - row.last_seen_at >= TOUCH_EVERY_MS) await touchPoolSession(this.db, idHash, now);
    return { idHash, poolId, sub: row.sub, authTime: row.auth_time };
  }

  /** Ends the session a cookie names (logout); true when there was one. */
  end(cookieValue: string): Promise<boolean> {
    return deletePoolSession(this.db, sha256Base64url(cookieValue));
  }

  /** Forgets sessions past their absolute end (housekeeping). */
  purge(): Promise<void> {
    return purgePoolSessions(this.db, this.clock.now());
  }

  /** A user's sessions, newest first, for the CLI, the portal and the admin API. */
  async list(poolId: string, userRef: string, actor: Actor): Promise<PoolSessionView[]> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    const user = await requirePoolUser(this.db, pool.row.id, userRef);
    return (await listPoolSessionsOf(this.db, pool.row.id, user.sub)).map(poolSessionView);
  }

  /** Ends one session of a user by its id (from `list`); audited. */
  revoke(poolId: string, userRef: string, sessionId: string, actor: Actor): Promise<void> {
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const user = await requirePoolUser(tx, pool.row.id, userRef);
      const row = await findPoolSession(tx, sessionId);
      if (!row || row.pool_id !== pool.row.id || row.sub !== user.sub) {
        throw new NotFoundError(`no session "${sessionId}" of user "${userRef}"`);
      }
      await deletePoolSession(tx, sessionId);
      const target = poolTarget(pool.row, 'pool_user', user.sub, user.username);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'pool_user.session_revoke',
        target,
        poolSessionView(row),
        null,
      );
    });
  }
}
