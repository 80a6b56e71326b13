import { z } from 'zod';
import { prose, text } from './text.js';
import { permissionLifetimeSchema } from './access-request.js';
import { createClientSchema, jwksSchema, jwksUriSchema, qualifiedScopeSchema } from './client.js';
import { createResourceServerSchema } from './resource-server.js';
import { grantTypesSchema, secretLifetimeSchema } from './common.js';

/** Bodies and answers of the admin API that are not a registry object of their own. */

export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  retryAfter: z.number().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const teamIdSchema = text().min(1, 'choose the team that will own it').max(100);

/** The create routes' bodies: the registry object and the team that will own it. */
export const createClientBodySchema = createClientSchema.safeExtend({ teamId: teamIdSchema });
export type CreateClientBody = z.input<typeof createClientBodySchema>;
export const createResourceServerBodySchema = createResourceServerSchema.safeExtend({ teamId: teamIdSchema });
export type CreateResourceServerBody = z.input<typeof createResourceServerBodySchema>;

export const patchClientSchema = z
  .object({
    enabled: z.boolean().optional(),
    name: text().trim().min(1, 'is required').max(100, 'must be at most 100 characters').optional(),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
    grantTypes: grantTypesSchema.optional(),
  })
  .strict();
export type PatchClientBody = z.input<typeof patchClientSchema>;

export const addPermissionsSchema = z.object({
  scopes: z.array(qualifiedScopeSchema).min(1, 'name at least one scope').max(500),
  expiresIn: permissionLifetimeSchema.optional(),
});

export type AddPermissionsBody = z.input<typeof addPermissionsSchema>;

export const addSecretSchema = z.object({ expiresIn: secretLifetimeSchema.optional() });
export type AddSecretBody = z.input<typeof addSecretSchema>;

// One object rather than a union of two, so that a bad key set is reported by name
// (`jwks.keys: at most 10 keys`), not as "Invalid input".
export const putKeysSchema = z
  .object({ jwks: jwksSchema.optional(), jwksUri: jwksUriSchema.optional() })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.jwks === undefined) === (value.jwksUri === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'give jwks or jwksUri, exactly one of them' });
    }
  });
export type PutKeysBody = z.input<typeof putKeysSchema>;

export const usageSchema = z.object({
  days: z.array(z.object({ day: z.string(), count: z.number().int() })),
  total: z.number().int(),
  lastUsedAt: z.string().nullable(),
});
export type Usage = z.infer<typeof usageSchema>;

export const catalogueEntrySchema = z.object({
  id: z.string(),
  identifier: z.string(),
  name: z.string(),
  description: z.string(),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  scopes: z.array(z.object({ name: z.string(), description: z.string() })),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    type: z.enum(['user', 'client', 'cli', 'system', 'access_key']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), name: z.string().optional() }),
  teamId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const authConfigSchema = z.object({
  localLogin: z.boolean(),
  sso: z.object({ enabled: z.boolean(), label: z.string() }),
  setupRequired: z.boolean(),
  issuer: z.string(),
  tokenEndpoint: z.string(),
  jwksUri: z.string(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;
