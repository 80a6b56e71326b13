import type { Provider } from './provider.js';
import type { Session, SessionStore } from './session-store.js';

export class SessionEnded extends Error {
  override name = 'SessionEnded';
}

/**
 * Keeps a session's access token fresh. One refresh per session at a time: with rotation, a
 * second concurrent refresh would present an already-used refresh token, which a provider with
 * reuse detection answers by revoking the whole family (RFC 9700 §4.14.2).
 */
export class Refresher {
  private readonly inflight = new Map<string, Promise<Session>>();

  constructor(
    private readonly provider: Provider,
    private readonly store: SessionStore,
    private readonly skewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The session, refreshed first when its access token is near expiry (or when `force`). */
  fresh(sessionId: string, session: Session, force = false): Promise<Session> {
    if (!force && session.accessExpiresAt - this.now() > this.skewMs) return Promise.resolve(session);
    let pending = this.inflight.get(sessionId);
    if (pending === undefined) {
      pending = this.refresh(sessionId, session).finally(() => this.inflight.delete(sessionId));
      this.inflight.set(sessionId, pending);
    }
    return pending;
  }

  private async refresh(sessionId: string, session: Session): Promise<Session> {
    if (session.refreshToken === undefined) {
      this.store.delete(sessionId);
      throw new SessionEnded('Your session has expired and cannot be renewed. Please sign in again.');
    }
    let tokens;
    try {
      tokens = await this.provider.refresh(session.refreshToken);
    } catch {
      // Revoked, expired or reused: the provider has ended this sign-in, so the app does too.
      this.store.delete(sessionId);
      throw new SessionEnded('Your sign-in has ended at the provider. Please sign in again.');
    }
    const change: Partial<Session> = {
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      // Keep the new refresh token when the provider rotated it; the old one is spent.
      refreshToken: tokens.refreshToken ?? session.refreshToken,
      refreshedAt: this.now(),
      ...(tokens.idToken === undefined ? {} : { idToken: tokens.idToken }),
    };
    this.store.update(sessionId, change);
    return { ...session, ...change };
  }
}
