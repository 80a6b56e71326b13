import { z } from 'zod';
import { authMethodSchema } from './common.js';
import { text } from './text.js';

/*
 * Hygiene reports: access that is granted but not used, and credentials past their prime.
 * The admin API answers these, `gatehouse reports … --json` prints them and the portal shows
 * them; every entry carries the fix, as commands to run in order and an action the portal
 * offers as a button.
 */

export const REPORT_FIX_ACTIONS = [
  'disable_client',
  'remove_scope',
  'remove_role',
  'rotate_secret',
  'revoke_secret',
] as const;
export type ReportFixAction = (typeof REPORT_FIX_ACTIONS)[number];

export const reportFixSchema = z.strictObject({
  action: z.enum(REPORT_FIX_ACTIONS),
  /** The `gatehouse` commands that fix the entry, in order (a rotation deploys between them). */
  commands: z.array(z.string()),
});
export type ReportFix = z.infer<typeof reportFixSchema>;

/** The client an entry is about, and its team (null: no team owns it). */
const owner = {
  clientId: z.string(),
  clientName: z.string(),
  teamId: z.string().nullable(),
  teamSlug: z.string().nullable(),
};

export const staleClientSchema = z.strictObject({
  ...owner,
  authMethod: authMethodSchema,
  createdAt: z.string(),
  /** Null: never got a token; its age then counts from `createdAt`. */
  lastUsedAt: z.string().nullable(),
  /** Whole days since its last token, or since it was created when it never got one. */
  idleDays: z.number().int(),
  /** Its oldest unrevoked, unexpired secret; null for key-based clients and clients without one. */
  oldestSecretCreatedAt: z.string().nullable(),
  oldestSecretAgeDays: z.number().int().nullable(),
  fix: reportFixSchema,
});
export type StaleClient = z.infer<typeof staleClientSchema>;

export const staleClientsReportSchema = z.strictObject({
  generatedAt: z.string(),
  days: z.number().int(),
  /** The team the report was limited to, by slug; null: every team the caller may see. */
  team: z.string().nullable(),
  clients: z.array(staleClientSchema),
  summary: z.strictObject({ stale: z.number().int(), neverUsed: z.number().int() }),
});
export type StaleClientsReport = z.infer<typeof staleClientsReportSchema>;

/** How a client holds a scope: given to it directly, or through a role. */
export const reportScopeOriginSchema = z.strictObject({
  type: z.enum(['direct', 'role']),
  /** The role's name and id when `type` is `role`. */
  role: z.string().nullable(),
  roleId: z.string().nullable(),
});
export type ReportScopeOrigin = z.infer<typeof reportScopeOriginSchema>;

export const unusedScopeSchema = z.strictObject({
  ...owner,
  /** Qualified: `<resource-identifier>/<scope>`. */
  scope: z.string(),
  resourceServerId: z.string(),
  origin: reportScopeOriginSchema,
  /** When the client got the scope (or the role). */
  grantedAt: z.string(),
  /** Null: no token ever carried it. */
  lastUsedAt: z.string().nullable(),
  /** Tokens that carried it, ever. */
  tokens: z.number().int(),
  fix: reportFixSchema,
});
export type UnusedScope = z.infer<typeof unusedScopeSchema>;

export const unusedScopesReportSchema = z.strictObject({
  generatedAt: z.string(),
  days: z.number().int(),
  team: z.string().nullable(),
  /** Whether scopes held through roles were considered, not only direct permissions. */
  includesRoles: z.boolean(),
  scopes: z.array(unusedScopeSchema),
  summary: z.strictObject({ scopes: z.number().int(), clients: z.number().int() }),
});
export type UnusedScopesReport = z.infer<typeof unusedScopesReportSchema>;

const secretFields = {
  secretId: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  ageDays: z.number().int(),
};

export const reportSecretSchema = z.strictObject(secretFields);
export type ReportSecret = z.infer<typeof reportSecretSchema>;

export const oldSecretSchema = z.strictObject({ ...owner, ...secretFields, fix: reportFixSchema });
export type OldSecret = z.infer<typeof oldSecretSchema>;

export const expiringSecretSchema = z.strictObject({
  ...owner,
  ...secretFields,
  /** Whole days left; 0 on its last day. */
  expiresInDays: z.number().int(),
  fix: reportFixSchema,
});
export type ExpiringSecret = z.infer<typeof expiringSecretSchema>;

/** A client with more than one active secret: a rotation started and never finished. */
export const multipleSecretsSchema = z.strictObject({
  ...owner,
  /** Oldest first; the fix revokes all but the newest. */
  secrets: z.array(reportSecretSchema),
  fix: reportFixSchema,
});
export type MultipleSecrets = z.infer<typeof multipleSecretsSchema>;

export const secretsReportSchema = z.strictObject({
  generatedAt: z.string(),
  maxAgeDays: z.number().int(),
  expiringWithinDays: z.number().int(),
  team: z.string().nullable(),
  old: z.array(oldSecretSchema),
  expiring: z.array(expiringSecretSchema),
  multipleActive: z.array(multipleSecretsSchema),
  summary: z.strictObject({
    old: z.number().int(),
    expiring: z.number().int(),
    multipleActive: z.number().int(),
  }),
});
export type SecretsReport = z.infer<typeof secretsReportSchema>;

/** Ten years: past it, a window is a typo. */
const MAX_REPORT_DAYS = 3650;
const reportDays = (what: string) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number of days`)
    .min(1, `${what} must be at least 1`)
    .max(MAX_REPORT_DAYS, `${what} must be at most ${MAX_REPORT_DAYS}`);

/** `?days=&team=` of the stale-clients and unused-scopes reports. */
export const usageReportQuerySchema = z.object({
  days: reportDays('days').default(90),
  team: text().min(1).max(100).optional(),
});
export type UsageReportQuery = z.input<typeof usageReportQuerySchema>;

/** `?maxAgeDays=&expiringWithinDays=&team=`; unset: the server's settings. */
export const secretsReportQuerySchema = z.object({
  maxAgeDays: reportDays('maxAgeDays').optional(),
  expiringWithinDays: reportDays('expiringWithinDays').optional(),
  team: text().min(1).max(100).optional(),
});
export type SecretsReportQuery = z.input<typeof secretsReportQuerySchema>;
