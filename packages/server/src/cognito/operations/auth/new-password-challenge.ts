import { z } from 'zod';
import type { PoolUserRow } from '../../../store/repos/pool-users.js';
import type { ClientAtPool } from '../../app-client.js';
import { notAuthorized } from '../../errors.js';
import type { CognitoContext } from '../../operation.js';

const PURPOSE = 'cognito-new-password';
/** Cognito's sessions last three minutes by default. */
const SESSION_MS = 3 * 60_000;

const sessionSchema = z.object({
  clientId: z.string(),
  sub: z.string(),
  username: z.string(),
  /** What the challenge saw: the password change works once. */
  changedAt: z.number().nullable(),
});
export type NewPasswordSession = z.infer<typeof sessionSchema>;

/** NEW_PASSWORD_REQUIRED: the person signed in with a temporary password and must choose their own. */
export function newPasswordChallenge(ctx: CognitoContext, at: ClientAtPool, user: PoolUserRow): object {
  const session: NewPasswordSession = {
    clientId: at.client.clientId,
    sub: user.sub,
    username: user.username,
    changedAt: user.password_changed_at,
  };
  const attributes: Record<string, string> = { ...(JSON.parse(user.attributes) as Record<string, string>) };
  if (user.email !== null) attributes.email = user.email;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: ctx.gatehouse.poolHandles.seal(PURPOSE, session, SESSION_MS),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: '[]',
      userAttributes: JSON.stringify(attributes),
    },
  };
}

/** The session a challenge answer brings back, when it is this client's, unexpired and untouched. */
export function openNewPasswordSession(
  ctx: CognitoContext,
  at: ClientAtPool,
  session: string | undefined,
): NewPasswordSession {
  const parsed = sessionSchema.safeParse(ctx.gatehouse.poolHandles.open(PURPOSE, session));
  if (!parsed.success || parsed.data.clientId !== at.client.clientId) {
    throw notAuthorized('Invalid session for the user, session is expired.');
  }
  return parsed.data;
}
