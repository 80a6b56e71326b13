import { z } from 'zod';
import { text } from './text.js';

/**
 * A pool id has Cognito's shape, `<region>_<9 letters and digits>`, so Cognito SDKs accept it.
 * Older or imported pools may carry more characters after the underscore.
 */
export const USER_POOL_ID_PATTERN = /^(?:[a-z]{2,}(?:-[a-z]+-\d+)?|local)_[A-Za-z0-9]{9,}$/;
/** The region part of a pool id: `local`, or an AWS-style region such as `eu-west-1`. */
export const POOL_REGION_PATTERN = /^[a-z]{2,}(-[a-z]+-\d+)?$|^local$/;

export const userPoolIdSchema = text().regex(
  USER_POOL_ID_PATTERN,
  'must be a user pool id such as local_AbC123xyz',
);

/**
 * Standard OIDC Core §5.1 claims a person (or an admin) may set. `sub`, `updated_at` and the
 * `*_verified` flags are Gatehouse's to set, so they are not attributes.
 */
export const STANDARD_ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'address',
] as const;
export type StandardAttribute = (typeof STANDARD_ATTRIBUTES)[number];
export const standardAttributeSchema = z.enum(STANDARD_ATTRIBUTES, {
  error: () => `must be a standard claim: ${STANDARD_ATTRIBUTES.join(', ')}`,
});

const seconds = (min: number, max: number, what: string) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min} seconds`)
    .max(max, `must be at most ${max} seconds (${what})`);

const HOUR = 3600;
const DAY = 86_400;

/** https only: a logo loads on the sign-in page, where mixed content would be blocked or leak. */
const httpsUrlSchema = text()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute https URL');

// Each group's fields, without defaults, so an update can name only what it changes.
const passwordPolicyFields = {
  minLength: z
    .number()
    .int('must be a whole number')
    .min(6, 'must be at least 6')
    .max(256, 'must be at most 256'),
  /** False lets guessable passwords through (common ones, the username itself): test pools only. */
  refuseCommonPasswords: z.boolean(),
};
const tokenFields = {
  accessTokenSeconds: seconds(300, DAY, 'one day'),
  idTokenSeconds: seconds(300, DAY, 'one day'),
  refreshTokenSeconds: seconds(HOUR, 3650 * DAY, 'ten years'),
  refreshIdleSeconds: seconds(300, 3650 * DAY, 'ten years'),
};
const sessionFields = {
  idleSeconds: seconds(300, 30 * DAY, '30 days'),
  absoluteSeconds: seconds(300, 365 * DAY, 'one year'),
};
const brandingSchema = z.object({
  displayName: text()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .optional(),
  logoUrl: httpsUrlSchema.optional(),
  primaryColor: text()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1a73e8')
    .optional(),
});
const topFields = {
  selfSignUp: z.boolean(),
  autoConfirm: z.boolean(),
  signInWith: z.enum(['username', 'email'], { error: () => 'must be username or email' }),
  requiredAttributes: z
    .array(standardAttributeSchema)
    .max(STANDARD_ATTRIBUTES.length)
    .refine((names) => new Set(names).size === names.length, 'names an attribute twice'),
  preventUserExistenceErrors: z.boolean(),
};

export const DEFAULT_POOL_SETTINGS = {
  selfSignUp: false,
  autoConfirm: false,
  signInWith: 'username',
  requiredAttributes: [],
  preventUserExistenceErrors: true,
  passwordPolicy: { minLength: 12, refuseCommonPasswords: true },
  tokens: {
    accessTokenSeconds: HOUR,
    idTokenSeconds: HOUR,
    refreshTokenSeconds: 30 * DAY,
    refreshIdleSeconds: 14 * DAY,
  },
  sessions: { idleSeconds: 8 * HOUR, absoluteSeconds: 7 * DAY },
  branding: {},
} as const;

type Ctx = z.core.$RefinementCtx;

/** Rules across fields, for whole settings (after defaults or after an update is merged in). */
function checkSettings(value: PoolSettingsShape, ctx: Ctx): void {
  if (value.tokens.refreshIdleSeconds > value.tokens.refreshTokenSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['tokens', 'refreshIdleSeconds'],
      message: 'must not be longer than refreshTokenSeconds',
    });
  }
  if (value.sessions.idleSeconds > value.sessions.absoluteSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['sessions', 'idleSeconds'],
      message: 'must not be longer than absoluteSeconds',
    });
  }
}

const d = DEFAULT_POOL_SETTINGS;
const settingsShape = {
  selfSignUp: topFields.selfSignUp.default(d.selfSignUp),
  autoConfirm: topFields.autoConfirm.default(d.autoConfirm),
  signInWith: topFields.signInWith.default(d.signInWith),
  requiredAttributes: topFields.requiredAttributes.default(() => [...d.requiredAttributes]),
  preventUserExistenceErrors: topFields.preventUserExistenceErrors.default(d.preventUserExistenceErrors),
  passwordPolicy: z
    .object({
      minLength: passwordPolicyFields.minLength.default(d.passwordPolicy.minLength),
      refuseCommonPasswords: passwordPolicyFields.refuseCommonPasswords.default(
        d.passwordPolicy.refuseCommonPasswords,
      ),
    })
    .prefault({}),
  tokens: z
    .object({
      accessTokenSeconds: tokenFields.accessTokenSeconds.default(d.tokens.accessTokenSeconds),
      idTokenSeconds: tokenFields.idTokenSeconds.default(d.tokens.idTokenSeconds),
      refreshTokenSeconds: tokenFields.refreshTokenSeconds.default(d.tokens.refreshTokenSeconds),
      refreshIdleSeconds: tokenFields.refreshIdleSeconds.default(d.tokens.refreshIdleSeconds),
    })
    .prefault({}),
  sessions: z
    .object({
      idleSeconds: sessionFields.idleSeconds.default(d.sessions.idleSeconds),
      absoluteSeconds: sessionFields.absoluteSeconds.default(d.sessions.absoluteSeconds),
    })
    .prefault({}),
  branding: brandingSchema.prefault({}),
};
const settingsObject = z.object(settingsShape);
type PoolSettingsShape = z.output<typeof settingsObject>;

/** A pool's settings; every field has a default, so `{}` is a valid pool. */
export const poolSettingsSchema = settingsObject.superRefine(checkSettings);
export type PoolSettings = z.output<typeof poolSettingsSchema>;
export type PoolSettingsInput = z.input<typeof poolSettingsSchema>;

const poolNameSchema = text().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
/** The owning team, by id or slug; without one, only platform admins may create the pool. */
const teamRefSchema = text().min(1, 'is required').max(100, 'must be at most 100 characters');

export const createUserPoolSchema = z
  .object({ name: poolNameSchema, team: teamRefSchema.optional(), teamId: teamRefSchema.optional() })
  .extend(settingsShape)
  .superRefine((value, ctx) => {
    if (value.team !== undefined && value.teamId !== undefined && value.team !== value.teamId) {
      ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'give team or teamId, not both' });
    }
    checkSettings(value, ctx);
  });
export type CreateUserPoolInput = z.input<typeof createUserPoolSchema>;

/** A change names only what it changes; groups (tokens, branding, …) merge field by field. */
export const updateUserPoolSchema = z
  .object({
    name: poolNameSchema,
    ...topFields,
    passwordPolicy: z.object(passwordPolicyFields).partial(),
    tokens: z.object(tokenFields).partial(),
    sessions: z.object(sessionFields).partial(),
    branding: brandingSchema.extend({
      // null clears a branding field back to the default look.
      displayName: brandingSchema.shape.displayName.nullable(),
      logoUrl: brandingSchema.shape.logoUrl.nullable(),
      primaryColor: brandingSchema.shape.primaryColor.nullable(),
    }),
  })
  .partial()
  .strict();
export type UpdateUserPoolInput = z.input<typeof updateUserPoolSchema>;

export const userPoolSchema = z.object({
  id: z.string(),
  name: z.string(),
  teamId: z.string().nullable(),
  issuer: z.string().describe("The pool's OpenID Connect issuer, <issuer>/pools/<id>"),
  settings: settingsObject,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserPool = z.infer<typeof userPoolSchema>;
