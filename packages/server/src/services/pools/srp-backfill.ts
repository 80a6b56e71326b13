import type { Logger } from '../../log.js';
import type { Db } from '../../store/db.js';
import { fillPoolUserSrpVerifier } from '../../store/repos/pool-srp.js';
import type { PoolUserRow } from '../../store/repos/pool-users.js';
import type { PoolRecord } from './pool-access.js';
import type { SrpVerifiers } from './srp-verifiers.js';

/**
 * Passwords set before Gatehouse spoke SRP have no verifier, and one cannot be made without the
 * password. The first time such a user signs in with their password another way (hosted page,
 * USER_PASSWORD_AUTH), the verifier is made from the password that was just checked.
 */
export class SrpBackfill {
  constructor(
    private readonly db: Db,
    private readonly verifiers: SrpVerifiers,
    private readonly logger: Logger,
  ) {}

  /** Call only after `password` matched the user's stored hash. Never fails the sign-in. */
  async fill(pool: PoolRecord, user: PoolUserRow, password: string): Promise<void> {
    if (user.srp_verifier || !user.password_hash) return;
    const fields = { poolId: pool.row.id, sub: user.sub };
    try {
      const sealed = this.verifiers.create(
        { poolId: pool.row.id, sub: user.sub, username: user.username },
        password,
      );
      if (await fillPoolUserSrpVerifier(this.db, user.sub, user.password_hash, sealed)) {
        this.logger.info('stored the SRP verifier of a password set before SRP sign-in existed', fields);
      }
    } catch (error) {
      this.logger.warn('could not store an SRP verifier; SRP sign-in stays unavailable for this user', {
        ...fields,
        error: (error as Error).message,
      });
    }
  }
}
