import { z } from 'zod';
import { jwksSchema, jwksUriSchema, qualifiedScopeSchema } from './client.js';
import { authMethodSchema, grantTypesSchema, signingAlgSchema, tokenTtlSchema } from './common.js';
import { resourceIdentifierSchema, scopeNameSchema, tokenProfileSchema } from './resource-server.js';
import { roleNameSchema } from './role.js';
import { prose, text } from './text.js';

/*
 * `gatehouse.yaml`: the registry as code. `gatehouse export` writes it, `plan` compares it with
 * the store, `apply` makes the store match. A setting left out takes its default, so the file
 * says everything about what it lists: what it does not list is kept unless `--prune`.
 */

const teamRef = text()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .describe('The owning team, by slug. Left out: the --team of the run, or no team (platform admins only)');

/** Static claims every token for it carries; names and values are checked by the server (registered claims are refused). */
const claimsSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'Claim name → value (string, number, boolean or JSON); registered claims such as sub or scope are refused',
  );

/** A scope's name and what it allows, as `place-order: Place an order`. */
const scopeMapSchema = z
  .record(scopeNameSchema, prose().max(500, 'must be at most 500 characters'))
  .refine((scopes) => Object.keys(scopes).length <= 200, 'at most 200 scopes per resource server')
  .describe('Scope name → description');

export const configResourceServerSchema = z
  .strictObject({
    identifier: resourceIdentifierSchema.describe('The `aud` of its tokens; how the file matches it'),
    name: text().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
    team: teamRef.optional(),
    scopes: scopeMapSchema.optional(),
    tokenTtl: tokenTtlSchema.optional().describe('Access token lifetime in seconds; default 3600'),
    signingAlg: signingAlgSchema.optional().describe('Default ES256'),
    tokenProfile: tokenProfileSchema.optional().describe('Default rfc9068'),
    claims: claimsSchema.optional(),
  })
  .describe('A resource server (API), matched by identifier');
export type ConfigResourceServer = z.output<typeof configResourceServerSchema>;

export const configClientSchema = z
  .strictObject({
    name: text()
      .trim()
      .min(1, 'is required')
      .max(100, 'must be at most 100 characters')
      .describe('How the file matches it, within its team'),
    team: teamRef.optional(),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
    authMethod: authMethodSchema.optional().describe('Default client_secret_basic; fixed once created'),
    grantTypes: grantTypesSchema.optional().describe('Default [client_credentials]'),
    scopes: z
      .array(qualifiedScopeSchema)
      .max(500, 'at most 500 scopes')
      .optional()
      .describe('Qualified scopes it holds directly: <identifier>/<scope>'),
    tokenTtl: tokenTtlSchema.optional().describe("Its own token lifetime; left out: the resource server's"),
    jwks: jwksSchema.optional().describe('Public keys, for private_key_jwt'),
    jwksUri: jwksUriSchema.optional().describe('Where its public keys are, for private_key_jwt'),
    roles: z
      .array(roleNameSchema)
      .max(100, 'at most 100 roles')
      .optional()
      .describe("Roles of the client's own team that it holds, by name"),
    claims: claimsSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const keyed = value.jwks !== undefined || value.jwksUri !== undefined;
    if (value.authMethod === 'private_key_jwt') {
      if (!keyed) {
        ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs jwks or jwksUri' });
      } else if (value.jwks && value.jwksUri) {
        ctx.addIssue({ code: 'custom', path: ['jwksUri'], message: 'give jwks or jwksUri, not both' });
      }
    } else if (keyed) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: 'public keys are only used with private_key_jwt',
      });
    }
  })
  .describe('A client, matched by name within its team. Its secret is never in the file');
export type ConfigClient = z.output<typeof configClientSchema>;

export const configRoleSchema = z
  .strictObject({
    name: roleNameSchema.describe('How the file matches it, within its team'),
    team: teamRef.optional(),
    description: prose().max(1000, 'must be at most 1000 characters').optional(),
    scopes: z
      .array(qualifiedScopeSchema)
      .max(500, 'at most 500 scopes')
      .optional()
      .describe('Qualified scopes it bundles: <identifier>/<scope>'),
  })
  .describe('A role: a named bundle of scopes that clients of its team hold');
export type ConfigRole = z.output<typeof configRoleSchema>;

/** The whole file. Two entries for the same thing are refused: the file would contradict itself. */
export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Where the JSON Schema of this file is, for editors'),
    resourceServers: z
      .array(configResourceServerSchema)
      .max(1000, 'at most 1000 resource servers')
      .optional(),
    roles: z.array(configRoleSchema).max(1000, 'at most 1000 roles').optional(),
    clients: z.array(configClientSchema).max(5000, 'at most 5000 clients').optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.resourceServers?.forEach((rs, index) => {
      const before = seen.get(rs.identifier);
      if (before !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['resourceServers', index, 'identifier'],
          message: `"${rs.identifier}" is listed twice (also resourceServers.${before})`,
        });
      }
      seen.set(rs.identifier, index);
    });
    const clients = new Map<string, number>();
    file.clients?.forEach((client, index) => {
      const key = `${client.team ?? ''}\n${client.name}`;
      const before = clients.get(key);
      if (before !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['clients', index, 'name'],
          message: `client "${client.name}" is listed twice in its team (also clients.${before})`,
        });
      }
      clients.set(key, index);
    });
    const roles = new Map<string, number>();
    file.roles?.forEach((role, index) => {
      const key = `${role.team ?? ''}\n${role.name}`;
      const before = roles.get(key);
      if (before !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', index, 'name'],
          message: `role "${role.name}" is listed twice in its team (also roles.${before})`,
        });
      }
      roles.set(key, index);
    });
  })
  .describe('Gatehouse configuration as code: resource servers, roles and clients');
export type ConfigFile = z.output<typeof configFileSchema>;
export type ConfigFileInput = z.input<typeof configFileSchema>;

export const CONFIG_KINDS = ['resourceServer', 'client', 'role'] as const;
export const configKindSchema = z.enum(CONFIG_KINDS);
export type ConfigKind = z.infer<typeof configKindSchema>;

/** One field of an update: `op` `+` adds, `-` removes, `~` changes. */
export const configFieldDiffSchema = z.strictObject({
  field: z.string(),
  op: z.enum(['+', '-', '~']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type ConfigFieldDiff = z.infer<typeof configFieldDiffSchema>;

export const configChangeSchema = z.strictObject({
  action: z.enum(['create', 'update', 'delete']),
  kind: configKindSchema,
  key: z.string().describe('identifier for resource servers, name for clients and roles'),
  team: z.string().nullable().describe('The owning team slug, or null'),
  diff: z.array(configFieldDiffSchema).optional(),
});
export type ConfigChange = z.infer<typeof configChangeSchema>;

/** What exists but the file does not list, left alone because the run did not ask to prune. */
export const configKeptSchema = z.strictObject({
  kind: configKindSchema,
  key: z.string(),
  team: z.string().nullable(),
});

export const configPlanSchema = z.strictObject({
  changes: z.array(configChangeSchema),
  kept: z.array(configKeptSchema),
});
export type ConfigPlan = z.infer<typeof configPlanSchema>;

/** A secret of a client `apply` created, shown this once. */
export const configIssuedSecretSchema = z.strictObject({
  name: z.string(),
  team: z.string().nullable(),
  clientId: z.string(),
  secretId: z.string(),
  secret: z.string().describe('Shown once; only its hash is kept'),
});

export const configAppliedSchema = z.strictObject({
  ...configPlanSchema.shape,
  created: z.array(
    z.strictObject({ kind: configKindSchema, key: z.string(), team: z.string().nullable(), id: z.string() }),
  ),
  secrets: z.array(configIssuedSecretSchema),
});
export type ConfigApplied = z.infer<typeof configAppliedSchema>;

/** The admin API's plan and apply body: the file as JSON, and whether to delete what it leaves out. */
export const configRunBodySchema = z.strictObject({
  config: configFileSchema,
  prune: z.boolean().default(false),
  team: teamRef.optional().describe('Limit the run to one team; entries without a team belong to it'),
});
export type ConfigRunBody = z.input<typeof configRunBodySchema>;
