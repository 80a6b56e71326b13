import type { PoolSignUpInput, PoolUser, UserPool } from '@gatehouse/schemas';
import type { Actor } from '../actor.js';
import { requireMember, requireScope } from '../authz.js';
import { ConflictError } from '../errors.js';
import { MailError, type Mailer } from '../mail/mailer.js';
import { confirmationCodeMessage } from '../mail/pool-messages.js';
import type { PoolUserService } from './pool-users.js';
import type { UserPoolService } from './user-pools.js';

/** What sign-up by an admin needs of the Gatehouse object. */
export interface SignUpServices {
  userPools: UserPoolService;
  poolUsers: PoolUserService;
  mailer: Mailer;
}

export interface AdminSignUpResult {
  user: PoolUser;
  /** False when there was no email to send to, or the mail could not be handed over: resend later. */
  codeSent: boolean;
}

/**
 * The caller must be able to change the pool. Checked here and not left to signUp, which lets
 * anyone through where the pool is open to self sign-up, as the hosted page must.
 */
async function writablePool(services: SignUpServices, poolId: string, actor: Actor): Promise<UserPool> {
  requireScope(actor, 'user-pools:write');
  const pool = await services.userPools.get(poolId, actor);
  requireMember(actor, pool.teamId, `user pool "${poolId}"`);
  return pool;
}

async function sendCode(services: SignUpServices, pool: UserPool, sub: string): Promise<boolean> {
  const issued = await services.poolUsers.issueConfirmationCode(pool.id, sub);
  if (!issued?.user.email) return false;
  try {
    await services.mailer.send(confirmationCodeMessage(pool, issued.user.email, issued.code));
    return true;
  } catch (error) {
    // The user exists either way; the answer says the code did not go, and it can be sent again.
    if (error instanceof MailError) return false;
    throw error;
  }
}

/**
 * Signs a person up the way the hosted page does, on an admin's behalf: UNCONFIRMED (CONFIRMED
 * where the pool auto-confirms), with a 6-digit code emailed for them to confirm.
 */
export async function adminSignUp(
  services: SignUpServices,
  poolId: string,
  input: PoolSignUpInput,
  actor: Actor,
): Promise<AdminSignUpResult> {
  const pool = await writablePool(services, poolId, actor);
  const user = await services.poolUsers.signUp(poolId, input, actor);
  const codeSent = user.status === 'UNCONFIRMED' && (await sendCode(services, pool, user.sub));
  return { user, codeSent };
}

/** A new confirmation code for an UNCONFIRMED user; the previous one stops working. */
export async function resendConfirmationCode(
  services: SignUpServices,
  poolId: string,
  ref: string,
  actor: Actor,
): Promise<AdminSignUpResult> {
  const pool = await writablePool(services, poolId, actor);
  const user = await services.poolUsers.get(poolId, ref, actor);
  if (user.status !== 'UNCONFIRMED') {
    throw new ConflictError(`user "${user.username}" is ${user.status}, not UNCONFIRMED`);
  }
  return { user, codeSent: await sendCode(services, pool, user.sub) };
}
