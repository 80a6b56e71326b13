import { customIssue, type PoolAttributes, type PoolUser, type UserPool } from '@gatehouse/schemas';
import type { Actor } from '../actor.js';
import { ConflictError, ValidationError } from '../errors.js';
import { MailError, type Mailer } from '../mail/mailer.js';
import { temporaryPasswordMessage } from '../mail/pool-messages.js';
import type { PoolUserService } from './pool-users.js';
import { generateTemporaryPassword } from './temporary-password.js';
import type { UserPoolService } from './user-pools.js';

/** What an admin's invitation needs of the Gatehouse object. */
export interface InvitationServices {
  userPools: UserPoolService;
  poolUsers: PoolUserService;
  mailer: Mailer;
}

export interface InvitationDelivery {
  /** The admin's choice; without one, a random password that satisfies the pool's policy. */
  temporaryPassword?: string | undefined;
  /** Mail the username and temporary password to the user's email. */
  sendEmail: boolean;
}

export interface NewInvitedUser extends InvitationDelivery {
  username: string;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
  attributes: PoolAttributes;
}

export interface InvitationResult {
  user: PoolUser;
  /** False when no mail was asked for, or it could not be handed over (it can be sent again). */
  emailed: boolean;
}

const needsEmail = () =>
  new ValidationError([customIssue('email', 'is required to send the invitation by email')]);

async function send(
  mailer: Mailer,
  pool: UserPool,
  user: PoolUser,
  temporaryPassword: string,
): Promise<boolean> {
  if (!user.email) return false;
  try {
    await mailer.send(
      temporaryPasswordMessage(pool, user.email, { username: user.username, temporaryPassword }),
    );
    return true;
  } catch (error) {
    // The user exists either way; the invitation can be sent again with a new password.
    if (error instanceof MailError) return false;
    throw error;
  }
}

/**
 * A user an admin creates with a temporary password (Cognito's AdminCreateUser): the user is
 * FORCE_CHANGE_PASSWORD and chooses their own password at first sign-in. The password is
 * mailed to them when asked; otherwise nobody sees a generated one, and an admin sets another.
 */
export async function createInvitedUser(
  services: InvitationServices,
  poolId: string,
  input: NewInvitedUser,
  actor: Actor,
): Promise<InvitationResult> {
  const pool = await services.userPools.get(poolId, actor);
  if (input.sendEmail && input.email === undefined) throw needsEmail();
  const password =
    input.temporaryPassword ?? generateTemporaryPassword(pool.settings.passwordPolicy.minLength);
  const user = await services.poolUsers.create(
    poolId,
    {
      username: input.username,
      email: input.email,
      emailVerified: input.emailVerified,
      attributes: input.attributes,
      password,
      temporaryPassword: true,
    },
    actor,
  );
  const emailed = input.sendEmail && (await send(services.mailer, pool, user, password));
  return { user, emailed };
}

/**
 * A new temporary password for a user who has not chosen their own yet, sent again (Cognito's
 * MessageAction RESEND). Only the hash of the first one was kept, so a new one replaces it.
 */
export async function resendInvitation(
  services: InvitationServices,
  poolId: string,
  ref: string,
  delivery: InvitationDelivery,
  actor: Actor,
): Promise<InvitationResult> {
  const pool = await services.userPools.get(poolId, actor);
  const current = await services.poolUsers.get(poolId, ref, actor);
  if (current.status !== 'FORCE_CHANGE_PASSWORD') {
    throw new ConflictError(`user "${current.username}" is ${current.status}, not FORCE_CHANGE_PASSWORD`);
  }
  if (delivery.sendEmail && current.email === undefined) throw needsEmail();
  const password =
    delivery.temporaryPassword ?? generateTemporaryPassword(pool.settings.passwordPolicy.minLength);
  const user = await services.poolUsers.setPassword(
    poolId,
    current.sub,
    { password, permanent: false },
    actor,
  );
  const emailed = delivery.sendEmail && (await send(services.mailer, pool, user, password));
  return { user, emailed };
}
