import { z } from 'zod';
import { emailSchema } from './team.js';
import { text } from './text.js';
import { STANDARD_ATTRIBUTES } from './user-pool.js';

/** Cognito's names, so code and people moving from it read the same states. */
export const POOL_USER_STATUSES = [
  'UNCONFIRMED',
  'CONFIRMED',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
] as const;
export const poolUserStatusSchema = z.enum(POOL_USER_STATUSES);
export type PoolUserStatus = z.infer<typeof poolUserStatusSchema>;

/**
 * Cognito's rule: letters, marks, symbols, digits and punctuation, no spaces; 1 to 128 characters.
 * Compared without case: `Kim` and `kim` are one user.
 */
export const poolUsernameSchema = text()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
    'may contain letters, digits, symbols and punctuation, no spaces',
  );

/** What the admin sets; the pool's own policy (length, common passwords) is checked by the server. */
export const poolPasswordSchema = text().min(1, 'is required').max(256, 'must be at most 256 characters');

const CUSTOM_ATTRIBUTE = /^custom:[A-Za-z0-9_-]{1,20}$/;
/** Set by Gatehouse itself, or by their own fields (email, emailVerified). */
const NOT_ATTRIBUTES = new Set(['sub', 'email', 'email_verified', 'phone_number_verified', 'updated_at']);

/** Standard OIDC claims and `custom:*` attributes, as strings (Cognito's wire carries strings only). */
export const poolAttributesSchema = z
  .record(text().max(64), text().max(2048, 'must be at most 2048 characters'))
  .superRefine((attributes, ctx) => {
    const names = Object.keys(attributes);
    if (names.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 attributes' });
    for (const name of names) {
      if (NOT_ATTRIBUTES.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            name === 'email' || name === 'email_verified'
              ? 'is set by the email and emailVerified fields, not as an attribute'
              : 'is set by Gatehouse and cannot be given',
        });
      } else if (!(STANDARD_ATTRIBUTES as readonly string[]).includes(name) && !CUSTOM_ATTRIBUTE.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is neither a standard claim nor custom:<name> (letters, digits, "_" and "-", up to 20)',
        });
      }
    }
    const phone = attributes.phone_number;
    if (phone !== undefined && !/^\+[1-9]\d{3,14}$/.test(phone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone_number'],
        message: 'must be E.164, such as +14155550100',
      });
    }
  });
export type PoolAttributes = z.output<typeof poolAttributesSchema>;

/**
 * An admin creates a user. A password makes the user CONFIRMED, signing in with it; with
 * `temporaryPassword` (Cognito's AdminCreateUser) the user is FORCE_CHANGE_PASSWORD and picks
 * a new one at first sign-in. Without a password the user cannot sign in until one is set.
 */
export const createPoolUserSchema = z.object({
  username: poolUsernameSchema,
  email: emailSchema.optional(),
  password: poolPasswordSchema.optional(),
  temporaryPassword: z.boolean().default(false),
  attributes: poolAttributesSchema.default({}),
  emailVerified: z.boolean().optional(),
});
export type CreatePoolUserInput = z.input<typeof createPoolUserSchema>;

/** A person signs themselves up (hosted page, Cognito SignUp): always with a password. */
export const poolSignUpSchema = z.object({
  username: poolUsernameSchema,
  email: emailSchema.optional(),
  password: poolPasswordSchema,
  attributes: poolAttributesSchema.default({}),
});
export type PoolSignUpInput = z.input<typeof poolSignUpSchema>;

export const setPoolUserPasswordSchema = z.object({
  password: poolPasswordSchema,
  /** False (the default, as Cognito's AdminSetUserPassword): the user must choose a new one at sign-in. */
  permanent: z.boolean().default(false),
});
export type SetPoolUserPasswordInput = z.input<typeof setPoolUserPasswordSchema>;

export const updatePoolUserSchema = z
  .object({
    email: emailSchema.nullable(),
    emailVerified: z.boolean(),
    /** Attributes to set; an empty string removes one. */
    attributes: poolAttributesSchema,
  })
  .partial()
  .strict();
export type UpdatePoolUserInput = z.input<typeof updatePoolUserSchema>;

export const listPoolUsersQuerySchema = z.object({
  /** Usernames or emails starting with this, without case. */
  search: text().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListPoolUsersQuery = z.input<typeof listPoolUsersQuerySchema>;

export const poolUserSchema = z.object({
  sub: z.string(),
  poolId: z.string(),
  username: z.string(),
  email: z.string().optional(),
  emailVerified: z.boolean(),
  status: poolUserStatusSchema,
  enabled: z.boolean(),
  attributes: z.record(z.string(), z.string()),
  groups: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PoolUser = z.infer<typeof poolUserSchema>;
