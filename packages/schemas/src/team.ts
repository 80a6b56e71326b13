import { z } from 'zod';
import { prose, text } from './text.js';

export const TEAM_ROLES = ['owner', 'member'] as const;
export const teamRoleSchema = z.enum(TEAM_ROLES);

export const teamSlugSchema = text().regex(
  /^[a-z0-9][a-z0-9-]{1,39}$/,
  'must be 2 to 40 lowercase letters, digits and "-"',
);

/** Something@something: the mail server, not a pattern, decides whether an address exists. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Long beats complex (NIST SP 800-63B): a length, no composition rules. */
export const MIN_PASSWORD_LENGTH = 12;

export const emailSchema = text()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .regex(EMAIL_PATTERN, 'must be an email address');

export const newPasswordSchema = text()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

export const personNameSchema = text()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');

const teamNameSchema = text().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const teamDescriptionSchema = prose().max(1000, 'must be at most 1000 characters');

export const createTeamSchema = z.object({
  slug: teamSlugSchema,
  name: teamNameSchema,
  description: teamDescriptionSchema.default(''),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

/**
 * Renaming changes the display name (and description). The slug stays: scripts, CLI commands
 * and GATEHOUSE_SSO_TEAM_GROUPS name the team by it, and would silently stop matching.
 */
export const updateTeamSchema = z
  .object({ name: teamNameSchema, description: teamDescriptionSchema })
  .partial()
  .strict()
  .refine((value) => value.name !== undefined || value.description !== undefined, {
    message: 'name a change: name or description',
  });
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

export const teamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  myRole: teamRoleSchema.nullable(),
  createdAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;

export const memberSchema = z.object({
  userId: z.string(),
  /** Only for members of the same team and platform admins; null for everyone else. */
  email: z.string().nullable(),
  name: z.string(),
  role: teamRoleSchema,
  since: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const teamDetailSchema = teamSchema.extend({ members: z.array(memberSchema) });
export type TeamDetail = z.infer<typeof teamDetailSchema>;

export const addMemberSchema = z.object({ email: emailSchema, role: teamRoleSchema.default('member') });
export const changeRoleSchema = z.object({ role: teamRoleSchema });
export type ChangeRoleBody = z.input<typeof changeRoleSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  source: z.enum(['local', 'sso']),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  /** When the account was disabled; null while it may sign in. */
  disabledAt: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  password: newPasswordSchema,
  isAdmin: z.boolean().default(false),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const loginSchema = z.object({
  email: text().max(254),
  password: text().max(1024),
});
export type LoginBody = z.input<typeof loginSchema>;

export const setupSchema = z.object({
  token: text().min(1).max(200),
  email: emailSchema,
  name: personNameSchema,
  password: newPasswordSchema,
});
export type SetupBody = z.input<typeof setupSchema>;

export const meSchema = z.object({
  user: userSchema,
  teams: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: teamRoleSchema })),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;
