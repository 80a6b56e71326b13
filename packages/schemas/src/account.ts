import { z } from 'zod';
import { newPasswordSchema } from './team.js';
import { text } from './text.js';

/*
 * Chores on portal accounts: passwords, disabling, deleting, and sessions. Pool users (people in
 * a user pool) have their own schemas in pool-user.ts.
 */

/** An admin sets a new password; the account's sessions end. */
export const setPasswordSchema = z.object({ password: newPasswordSchema });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;

/** A person changes their own password; their other sessions end, this one stays. */
export const changePasswordSchema = z.object({
  currentPassword: text().min(1).max(1024),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** Deleting your own account needs your email here, so a stray click cannot do it. */
export const deleteAccountQuerySchema = z.object({ confirm: text().max(254).optional() });

/** A portal session as admins and its owner see it; the id is not the cookie and cannot be used as one. */
export const accountSessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;

export const accountSessionsSchema = z.object({ sessions: z.array(accountSessionSchema) });

export const endedSessionsSchema = z.object({ ended: z.number().int() });
export type EndedSessions = z.infer<typeof endedSessionsSchema>;

/** Session ids are a prefix of the stored hash: 16 base64url characters. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
