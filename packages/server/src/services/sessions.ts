import { randomBytes } from 'node:crypto';
import { sha256Base64url } from '../crypto/secrets.js';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { membershipsOf, findUserById, listTeams, type TeamRow, type UserRow } from '../store/repos/people.js';
import {
  deleteSession,
  findSession,
  insertSession,
  countActiveSessions,
  purgeSessions,
  type SessionRow,
  touchSession,
} from '../store/repos/sessions.js';
import type { Actor, TeamRole } from './actor.js';

export type { UserRow };

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  maxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * 3600_000, maxMs: 7 * 86_400_000 };

/** Writing last-seen on every request would make each page view a write; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  user: UserRow;
  actor: Actor;
  csrfToken: string;
}

const hashToken = sha256Base64url;

export async function actorForUser(db: Db, user: UserRow, origin: RequestOrigin): Promise<Actor> {
  const teams = new Map<string, TeamRole>((await membershipsOf(db, user.id)).map((m) => [m.team_id, m.role]));
  return {
    type: 'user',
    id: user.id,
    name: user.email,
    isAdmin: user.is_admin === 1,
    teams,
    everyTeam: false,
    scopes: null,
    holds: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
}

/**
 * Portal sessions. The cookie holds 256 random bits; the store keeps only their hash, so a
 * leaked database cannot be replayed as sessions. Each session carries its own CSRF token.
 */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  async create(userId: string, origin: RequestOrigin): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const row: SessionRow = {
      id_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.policy.maxMs,
      ip: origin.ip,
      user_agent: origin.userAgent?.slice(0, 300) ?? null,
    };
    await insertSession(this.db, row);
    return { token, csrfToken };
  }

  /** The signed-in user behind a cookie value, or undefined when it is unknown, idle too long or too old. */
  async resolve(token: string, origin: RequestOrigin): Promise<SignedIn | undefined> {
    if (token.length < 20 || token.length > 100) return undefined;
    const idHash = hashToken(token);
    const session = await findSession(this.db, idHash);
    if (!session) return undefined;
    const now = this.clock.now();
    if (now >= session.expires_at || now - session.last_seen_at >= this.policy.idleMs) {
      await deleteSession(this.db, idHash);
      return undefined;
    }
    // Read on every request, so a disabled account is refused at once on every instance.
    const user = await findUserById(this.db, session.user_id);
    if (!user || user.disabled_at !== null) return undefined;
    if (now - session.last_seen_at >= TOUCH_EVERY_MS) await touchSession(this.db, idHash, now);
    return { user, actor: await actorForUser(this.db, user, origin), csrfToken: session.csrf_token };
  }

  /** The account behind a signed-in actor; undefined once it is gone. */
  findUser(userId: string): Promise<UserRow | undefined> {
    return findUserById(this.db, userId);
  }

  /** The user as an actor: their admin flag and team roles as the store says now. */
  actorFor(user: UserRow, origin: RequestOrigin): Promise<Actor> {
    return actorForUser(this.db, user, origin);
  }

  /** The teams the actor is a member of. */
  async teamsOf(actor: Actor): Promise<TeamRow[]> {
    return (await listTeams(this.db)).filter((t) => actor.teams.has(t.id));
  }

  async destroy(token: string): Promise<void> {
    await deleteSession(this.db, hashToken(token));
  }

  /** Portal sessions signed in now, on every instance (for metrics; one COUNT query). */
  countActive(): Promise<number> {
    const now = this.clock.now();
    return countActiveSessions(this.db, now - this.policy.idleMs, now);
  }

  async purge(): Promise<void> {
    const now = this.clock.now();
    await purgeSessions(this.db, now - this.policy.idleMs, now);
  }
}
