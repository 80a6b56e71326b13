import { randomBytes } from 'node:crypto';
import { customIssue } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import {
  claimSignature,
  scrambler,
  serverPublicOf,
  sessionKey,
  srpPoolName,
} from '../../crypto/cognito-srp.js';
import { safeEqual } from '../../crypto/safe-equal.js';
import { G, N } from '../../crypto/srp-group.js';
import type { HasherLease } from '../../crypto/password-hasher.js';
import type { Logger } from '../../log.js';
import type { Db } from '../../store/db.js';
import { spendSrpBlock } from '../../store/repos/pool-srp.js';
import { findPoolUser, type PoolUserRow } from '../../store/repos/pool-users.js';
import { InvalidCredentialsError, NotFoundError, ServiceError, ValidationError } from '../errors.js';
import type { SignInGuard } from '../sign-in-guard.js';
import { loadPool } from './pool-access.js';
import { MAX_LOGIN, type PoolSignInOutcome, poolSignInKeys, signInOutcome } from './pool-sign-in.js';
import { usernameKey } from './pool-user-lookup.js';
import type { PoolPasswords } from './pool-passwords.js';
import type { PoolUserService } from './pool-users.js';
import { parseSrpTimestamp } from './srp-timestamp.js';
import { type SrpSecretBlocks, type SrpState } from './srp-secret-block.js';
import type { SrpVerifier, SrpVerifiers } from './srp-verifiers.js';

/** A 3072-bit A is 768 hex digits; leading zeros beyond that buy nothing. */
const MAX_A_DIGITS = 1024;
const HEX = /^[0-9a-fA-F]+$/;
/** How far the client's clock may be from ours, as for AWS request signatures. */
export const SRP_TIMESTAMP_SKEW_MS = 5 * 60_000;
/** An HMAC-SHA256 in base64 is 44 characters. */
const MAX_SIGNATURE_LENGTH = 128;
/** The ephemeral b: 256 bits, as RFC 5054 asks, and as long as the exponent OpenSSL works on. */
const B_BYTES = 32;

/** What PASSWORD_VERIFIER's challenge parameters carry. */
export interface SrpChallenge {
  /** USER_ID_FOR_SRP (and USERNAME): the name the client puts into x and the signature. */
  userId: string;
  /** Hex, as Cognito sends them. */
  salt: string;
  srpB: string;
  secretBlock: string;
}

export interface SrpClaim {
  username: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/** A pool that does not hide user existence answers an unknown name at once (UserNotFoundException). */
export class SrpUnknownUserError extends ServiceError {
  constructor() {
    super('unknown_user', 'User does not exist.');
  }
}

/**
 * The SECRET_BLOCK was not one this server issued to this client, has expired or was used
 * already, or the timestamp is outside the allowed skew. No password was tried.
 */
export class SrpClaimError extends ServiceError {
  constructor(readonly reason: 'session' | 'timestamp') {
    super(
      `srp_${reason}`,
      reason === 'session'
        ? 'Invalid session for the user, session is expired.'
        : "The claim's timestamp is malformed or too far from the current time.",
    );
  }
}

const randomExponent = (): bigint => BigInt(`0x${randomBytes(B_BYTES).toString('hex')}`);

/**
 * Cognito's USER_SRP_AUTH and PASSWORD_VERIFIER for a pool: the password never reaches the
 * server, which proves knowledge of it against the stored verifier instead. Unknown names get a
 * challenge too (from a stand-in verifier), and every refusal after the challenge is the same
 * NotAuthorized answer as a wrong password, counted by the same lockout.
 */
export class PoolSrpSignIn {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: PoolUserService,
    private readonly verifiers: SrpVerifiers,
    private readonly blocks: SrpSecretBlocks,
    private readonly guard: SignInGuard,
    private readonly logger: Logger,
    /** Its worker threads raise the 3072-bit powers, under the password hashes' limits. */
    private readonly passwords: PoolPasswords,
  ) {}

  /** InitiateAuth: the salt, B and a SECRET_BLOCK for SRP_A from the client. */
  async challenge(poolId: string, clientId: string, login: string, srpA: string): Promise<SrpChallenge> {
    const a = parseSrpA(srpA);
    // Taken first: when the threads are saturated, refusing (429) costs nothing else.
    const lease = await this.passwords.lease();
    try {
      return await this.challengeWith(lease, poolId, clientId, login, a);
    } finally {
      lease.release();
    }
  }

  private async challengeWith(
    lease: HasherLease,
    poolId: string,
    clientId: string,
    login: string,
    a: bigint,
  ): Promise<SrpChallenge> {
    const found = await this.users.findForSignIn(poolId, login.slice(0, MAX_LOGIN));
    if (!found) throw new NotFoundError(`no user pool "${poolId}"`);
    const { pool, user } = found;
    if (!user && !pool.settings.preventUserExistenceErrors) throw new SrpUnknownUserError();
    const nameKey = usernameKey(login.slice(0, MAX_LOGIN));
    const real = user ? this.openVerifier(user) : undefined;
    const { salt, verifier } = real ?? this.verifiers.standIn(pool.row.id, nameKey);
    let b: bigint;
    let bigB: bigint;
    let u: bigint;
    // Both are zero with negligible odds; the client refuses either, so draw again.
    do {
      b = randomExponent();
      bigB = serverPublicOf(verifier, await lease.modPowN(G, b));
      u = scrambler(a, bigB);
    } while (bigB === 0n || u === 0n);
    const userId = user?.username ?? login.slice(0, MAX_LOGIN);
    const { block } = this.blocks.issue(clientId, {
      poolId: pool.row.id,
      sub: user?.sub ?? null,
      real: real !== undefined,
      passwordChangedAt: user?.password_changed_at ?? null,
      nameKey,
      userId,
      a,
      b,
      u,
    });
    return { userId, salt: salt.toString(16), srpB: bigB.toString(16), secretBlock: block };
  }

  /**
   * PASSWORD_VERIFIER: checks the client's signature over the SECRET_BLOCK. The attempt is
   * counted before the check and the block is spent, so each block tests one password at most.
   */
  async verify(
    poolId: string,
    clientId: string,
    claim: SrpClaim,
    origin: { ip: string | null },
  ): Promise<PoolSignInOutcome> {
    const read = this.blocks.read(clientId, claim.secretBlock);
    if (!read || read.state.poolId !== poolId) throw new SrpClaimError('session');
    const { state, bytes } = read;
    if (usernameKey(claim.username) !== usernameKey(state.userId)) throw new InvalidCredentialsError();
    const at = parseSrpTimestamp(claim.timestamp);
    if (at === undefined || Math.abs(at - this.clock.now()) > SRP_TIMESTAMP_SKEW_MS) {
      throw new SrpClaimError('timestamp');
    }
    const lease = await this.passwords.lease();
    try {
      return await this.verifyWith(lease, poolId, claim, origin, state, bytes);
    } finally {
      lease.release();
    }
  }

  private async verifyWith(
    lease: HasherLease,
    poolId: string,
    claim: SrpClaim,
    origin: { ip: string | null },
    state: SrpState,
    bytes: Buffer,
  ): Promise<PoolSignInOutcome> {
    const pool = await loadPool(this.db, poolId);
    if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
    const user = state.sub === null ? undefined : await findPoolUser(this.db, poolId, state.sub);
    const ticket = await this.guard.reserve(poolSignInKeys(poolId, user, state.nameKey, origin.ip));
    if (!(await spendSrpBlock(this.db, state.id, state.expiresAt))) {
      this.guard.failed(ticket);
      throw new SrpClaimError('session');
    }
    const real = this.currentVerifier(state, user);
    const { verifier } = real ?? this.verifiers.standIn(poolId, state.nameKey);
    // The same work whether or not there is a real verifier, so timing tells nothing either.
    const s = await lease.modPowN(((state.a % N) * (await lease.modPowN(verifier, state.u))) % N, state.b);
    const expected = claimSignature(
      sessionKey(s, state.u),
      srpPoolName(poolId),
      state.userId,
      bytes,
      claim.timestamp,
    );
    const presented = claim.signature.length <= MAX_SIGNATURE_LENGTH ? claim.signature : '';
    const match = safeEqual(presented, expected);
    if (!user || !real || !match || user.enabled !== 1) {
      if (user && !real) {
        this.logger.info('SRP sign-in refused: the user has no SRP verifier for their current password', {
          poolId,
          sub: user.sub,
          reason: refusalReason(user),
        });
      }
      this.guard.failed(ticket);
      throw new InvalidCredentialsError();
    }
    await this.guard.succeeded(ticket);
    return signInOutcome(pool, user);
  }

  /** The user's verifier, or undefined (logged) when they have none or it cannot be opened. */
  private openVerifier(user: PoolUserRow): SrpVerifier | undefined {
    if (!user.srp_verifier) return undefined;
    try {
      return this.verifiers.open(user.sub, user.srp_verifier);
    } catch {
      this.logger.warn(
        'an SRP verifier could not be opened; SRP sign-in fails for this user until their password is next set',
        {
          poolId: user.pool_id,
          sub: user.sub,
        },
      );
      return undefined;
    }
  }

  /** The verifier the challenge used, if it still belongs to the user's current password. */
  private currentVerifier(state: SrpState, user: PoolUserRow | undefined): SrpVerifier | undefined {
    if (!user || !state.real || user.password_changed_at !== state.passwordChangedAt) return undefined;
    return this.openVerifier(user);
  }
}

/** Why a user's SRP sign-in could not be checked, for the log. */
function refusalReason(user: PoolUserRow): string {
  if (!user.password_hash) return 'no password';
  if (!user.srp_verifier) return 'password set before SRP';
  return 'password changed since the challenge, or its verifier cannot be opened';
}

/** SRP_A as the SDKs send it: hex without padding, never 0 mod N (that would make S known). */
export function parseSrpA(text: string): bigint {
  if (typeof text !== 'string' || text.length > MAX_A_DIGITS || !HEX.test(text)) {
    throw new ValidationError([customIssue('SRP_A', 'must be a hexadecimal number')]);
  }
  const a = BigInt(`0x${text}`);
  if (a % N === 0n) throw new ValidationError([customIssue('SRP_A', 'must not be 0 modulo N')]);
  return a;
}
