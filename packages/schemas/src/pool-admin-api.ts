import { z } from 'zod';
import { poolPasswordSchema, poolUserSchema } from './pool-user.js';

/** Bodies and answers of the user-pool admin API that are not a pool object of their own. */

/**
 * An admin sets a user's password. Temporary (the default, as Cognito's AdminSetUserPassword)
 * makes the user choose a new one at the next sign-in.
 */
export const setPoolUserPasswordBodySchema = z
  .object({ password: poolPasswordSchema, temporary: z.boolean().default(true) })
  .strict();
export type SetPoolUserPasswordBody = z.input<typeof setPoolUserPasswordBodySchema>;

export const poolSignOutResultSchema = z.object({
  sessionsEnded: z.number().int(),
  refreshTokensRevoked: z.number().int(),
});
export type PoolSignOutResult = z.infer<typeof poolSignOutResultSchema>;

/** A user's groups after a membership change. */
export const poolUserGroupsSchema = z.object({ username: z.string(), groups: z.array(z.string()) });
export type PoolUserGroups = z.infer<typeof poolUserGroupsSchema>;

/** A sign-up made through the admin API: the user, and whether their confirmation code went out. */
export const poolSignUpResultSchema = z.object({
  user: poolUserSchema,
  codeSent: z
    .boolean()
    .describe('False when the user has no email, or the mail could not be handed over: send it again'),
});
export type PoolSignUpResult = z.infer<typeof poolSignUpResultSchema>;
