import type { Clock } from '../clock.js';
import { sha256Base64url } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import type { UserRow } from '../store/repos/people.js';
import { insertSsoLogin, purgeSsoLogins, takeSsoLogin } from '../store/repos/sessions.js';
import { SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import type { RequestOrigin } from './sessions.js';
import { type SsoPerson, upsertSsoUser } from './sso-users.js';

/** A portal sign-in started at the identity provider and not finished yet. */
export interface PendingSsoLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
}

/**
 * Pending single sign-on logins live in the store, not in the browser, so any instance can
 * finish a login another one started. The store keeps only the state's hash.
 */
export class SsoLoginService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async save(pending: PendingSsoLogin): Promise<void> {
    await insertSsoLogin(this.db, {
      state_hash: sha256Base64url(pending.state),
      nonce: pending.nonce,
      code_verifier: pending.codeVerifier,
      return_to: pending.returnTo,
      created_at: pending.createdAt,
    });
  }

  /** The pending login for `state`, removed so that it cannot finish twice. */
  async take(state: string): Promise<PendingSsoLogin | undefined> {
    const row = await takeSsoLogin(this.db, sha256Base64url(state));
    if (!row) return undefined;
    return {
      state,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
      returnTo: row.return_to,
      createdAt: Number(row.created_at),
    };
  }

  /** The account of someone the identity provider vouched for, created or brought up to date. */
  signIn(person: SsoPerson): Promise<UserRow> {
    return upsertSsoUser(this.db, this.clock, person);
  }

  /**
   * Records a person the identity provider signed in but the allow-list turned away: who they
   * are (subject and email, as the provider said) and why. Never a token or a code.
   */
  async denied(
    who: { subject: string; email: string | null; reason: string },
    origin: RequestOrigin,
  ): Promise<void> {
    const actor = { ...SYSTEM_ACTOR, ip: origin.ip, userAgent: origin.userAgent };
    const target = { type: 'sso_identity', id: who.subject, name: who.email ?? who.subject, teamId: null };
    await this.db.transaction((tx) =>
      recordAudit(tx, this.clock, actor, 'sso.denied', target, null, {
        subject: who.subject,
        email: who.email,
        reason: who.reason,
      }),
    );
  }

  /** Drops logins started before `before` (epoch milliseconds) and never finished. */
  purge(before: number): Promise<void> {
    return purgeSsoLogins(this.db, before);
  }
}
