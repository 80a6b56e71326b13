import { z } from 'zod';
import { qualifiedScopeSchema } from './client.js';
import { prose, text } from './text.js';

/**
 * A role's name: what people type in the CLI and what configuration files match on, so it is
 * a plain token. Unique within its team. `role_` starts every role id, so no name may.
 */
export const roleNameSchema = text()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'may contain letters, digits, ".", "_", ":" and "-", and must start with a letter or digit',
  )
  .refine((name) => !name.startsWith('role_'), 'must not start with "role_", which starts role ids');

export const MAX_ROLE_SCOPES = 500;

const roleScopesSchema = z
  .array(qualifiedScopeSchema)
  .max(MAX_ROLE_SCOPES, `at most ${MAX_ROLE_SCOPES} scopes`);

export const createRoleSchema = z.object({
  name: roleNameSchema,
  /** The owning team; without one, the role is the platform's and only platform admins may make it. */
  teamId: text().min(1).max(100).nullable().optional(),
  description: prose().max(1000, 'must be at most 1000 characters').default(''),
  scopes: roleScopesSchema.default([]),
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const updateRoleSchema = z
  .object({
    name: roleNameSchema.optional(),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, 'give a name or a description');
export type UpdateRoleInput = z.input<typeof updateRoleSchema>;

export const roleScopesChangeSchema = z.object({
  scopes: roleScopesSchema.min(1, 'name at least one scope'),
});

export const roleRefSchema = z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable() });
export type RoleRef = z.infer<typeof roleRefSchema>;

export const roleHolderSchema = z.object({ clientId: z.string(), name: z.string() });

export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  teamId: z.string().nullable(),
  scopes: z.array(z.string()).describe('Qualified scopes (<identifier>/<scope>), sorted'),
  holders: z.array(roleHolderSchema).describe('The clients that hold the role'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Role = z.infer<typeof roleSchema>;

/** Assigning a role to a client: by id, or by name within the client's team. */
export const clientRoleBodySchema = z.object({ role: text().trim().min(1, 'is required').max(100) });

/** Where a scope a client may request comes from: its own permission, one or more roles, or both. */
export const scopeOriginSchema = z.object({
  scope: z.string(),
  direct: z.boolean().describe('Held as a permission of its own'),
  expiresAt: z
    .string()
    .nullable()
    .describe("The direct permission's expiry; null when lasting or not direct"),
  roles: z.array(roleRefSchema).describe('The roles that give it'),
});
export type ScopeOrigin = z.infer<typeof scopeOriginSchema>;

export const clientRolesSchema = z.object({
  clientId: z.string(),
  roles: z.array(roleRefSchema),
  scopes: z.array(scopeOriginSchema).describe('Every scope the client may request, with where it comes from'),
});
export type ClientRoles = z.infer<typeof clientRolesSchema>;
