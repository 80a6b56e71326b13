import { z } from 'zod';
import { clientSchema, clientSecretInfoSchema, permissionSchema } from './client.js';
import { signingAlgSchema } from './common.js';
import { accessKeyCliOutputSchemas } from './cli-output-access-keys.js';
import { poolCliOutputSchemas } from './cli-output-pools.js';
import { configAppliedSchema, configPlanSchema } from './config-file.js';
import { roleCliOutputSchemas } from './cli-output-roles.js';
import { invitationSchema } from './invitation.js';
import { resourceServerSchema } from './resource-server.js';
import { memberSchema, teamSchema, userSchema } from './team.js';
import { accountSessionSchema } from './account.js';
import { auditEventSchema } from './admin-api.js';
import { clientLimitsSchema, platformLimitsSchema, teamLimitsSchema } from './rate-limit.js';
import { claimsViewSchema, tokenHookSchema } from './custom-claims.js';
import { secretsReportSchema, staleClientsReportSchema, unusedScopesReportSchema } from './report.js';

/*
 * What `gatehouse … --json` prints: one document per answer, in camelCase like the admin API.
 * The schemas are strict (an unknown key fails as a missing one does), so scripts can rely on
 * them; the CLI types its answers with them, so the two cannot drift apart.
 *
 * Keys in snake_case are the previous release's names, printed beside the new ones for one
 * more release.
 */

const strict = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) => z.strictObject(schema.shape);
const deprecated = <T extends z.ZodType>(schema: T, name: string) =>
  schema.meta({ deprecated: true, description: `Deprecated: the same value as \`${name}\`` });

const permission = strict(permissionSchema);
const secret = strict(clientSecretInfoSchema);
const client = strict(
  clientSchema.extend({
    permissions: z.array(permission),
    grants: z.array(permission),
    secrets: z.array(secret),
  }),
);
const resourceServer = strict(
  resourceServerSchema.extend({ scopes: z.array(strict(resourceServerSchema.shape.scopes.element)) }),
);

const keyInfo = z.strictObject({
  kid: z.string(),
  alg: signingAlgSchema,
  state: z.enum(['next', 'active', 'retired']),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  publishUntil: z.string().nullable(),
});

/** `clients create`: the client, and its first secret (shown this once) and where to use it. */
const clientCreated = z.strictObject({
  ...client.shape,
  clientSecret: z.string().nullable(),
  secretId: z.string().nullable(),
  secretExpiresAt: z.string().nullable(),
  tokenEndpoint: z.string(),
  client_id: deprecated(z.string(), 'clientId'),
  client_secret: deprecated(z.string().nullable(), 'clientSecret'),
  secret_id: deprecated(z.string().nullable(), 'secretId'),
  secret_expires_at: deprecated(z.string().nullable(), 'secretExpiresAt'),
  token_endpoint: deprecated(z.string(), 'tokenEndpoint'),
});

/** `clients secrets add`: the new secret, shown this once. */
const secretAdded = z.strictObject({
  clientId: z.string(),
  secretId: z.string(),
  clientSecret: z.string(),
  expiresAt: z.string().nullable(),
  client_id: deprecated(z.string(), 'clientId'),
  secret_id: deprecated(z.string(), 'secretId'),
  client_secret: deprecated(z.string(), 'clientSecret'),
  expires_at: deprecated(z.string().nullable(), 'expiresAt'),
});

/** `serve`: the endpoints, logged once it listens (the `serving` log line carries these beside time, level, pid and msg). */
const serving = z.strictObject({
  issuer: z.string(),
  url: z.string(),
  tokenEndpoint: z.string(),
  jwksUri: z.string(),
  portal: z.string(),
  metadata: z.string(),
  introspectionEndpoint: z.string(),
  revocationEndpoint: z.string(),
  store: z.string(),
  token_endpoint: deprecated(z.string(), 'tokenEndpoint'),
  jwks_uri: deprecated(z.string(), 'jwksUri'),
  introspection_endpoint: deprecated(z.string(), 'introspectionEndpoint'),
  revocation_endpoint: deprecated(z.string(), 'revocationEndpoint'),
});

/** Every `--json` answer, by kind. A command prints exactly one of them (or `error`). */
export const cliOutputSchemas = {
  version: z.strictObject({ version: z.string() }),
  error: z.strictObject({
    error: z.string(),
    message: z.string(),
    issues: z.array(z.string()).optional(),
  }),
  client,
  clients: z.array(client),
  clientCreated,
  clientDeleted: z.strictObject({ deleted: z.string() }),
  secret,
  secrets: z.array(secret),
  secretAdded,
  resourceServer,
  resourceServers: z.array(resourceServer),
  resourceServerDeleted: z.strictObject({
    deleted: z.string(),
    removedPermissionsFrom: z.array(z.string()),
    removedGrantsFrom: deprecated(z.array(z.string()), 'removedPermissionsFrom'),
  }),
  keys: z.array(keyInfo),
  auditEvents: z.strictObject({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
  keysRotated: z.strictObject({
    rotated: z.array(signingAlgSchema),
    prepublish: z.boolean(),
    keys: z.array(keyInfo),
  }),
  masterKey: z.strictObject({
    masterKey: z.string(),
    master_key: deprecated(z.string(), 'masterKey'),
  }),
  team: strict(teamSchema),
  teams: z.array(strict(teamSchema)),
  teamDeleted: z.strictObject({ deleted: z.string() }),
  member: strict(memberSchema),
  invitation: strict(invitationSchema.extend({ invitedBy: strict(invitationSchema.shape.invitedBy) })),
  user: strict(userSchema),
  users: z.array(strict(userSchema)),
  userDeleted: z.strictObject({ deleted: z.string() }),
  accountSessions: z.array(strict(accountSessionSchema)),
  accountSessionsEnded: z.strictObject({ email: z.string(), ended: z.number().int() }),
  serving,
  init: z.strictObject({
    /** Where the store is, in words: `SQLite /var/lib/gatehouse/gatehouse.db` or `PostgreSQL host/db`. */
    store: z.string(),
    masterKey: z.strictObject({
      source: z.enum(['file', 'GATEHOUSE_MASTER_KEY']),
      path: z.string().nullable(),
      created: z.boolean(),
    }),
    signingKeys: z.array(z.strictObject({ alg: signingAlgSchema, kid: z.string() })),
  }),
  gateway: z.strictObject({ url: z.string(), issuer: z.string(), routes: z.number().int() }),
  /** `clients limits show|set|clear`, `teams limits …`, `limits …`: the same shapes as the admin API. */
  clientLimits: strict(clientLimitsSchema),
  teamLimits: strict(teamLimitsSchema),
  platformLimits: strict(platformLimitsSchema),
  /** `plan`: what `apply` would do; `apply`: what it did, with new clients' secrets unless --secrets-out took them. */
  configPlan: configPlanSchema,
  configApplied: configAppliedSchema.extend({ secretsFile: z.string().nullable() }),
  /** `clients claims …`, `resource-servers claims …`: the admin API's document. */
  claims: strict(claimsViewSchema),
  /** `resource-servers hook show|clear`. */
  tokenHook: z.strictObject({ hook: strict(tokenHookSchema).nullable(), canEdit: z.boolean() }),
  /** `resource-servers hook set|rotate-secret`: the secret only when it was just made (shown once). */
  tokenHookSecret: z.strictObject({ hook: strict(tokenHookSchema), secret: z.string().optional() }),
  /** `reports stale-clients|unused-scopes|secrets`: the same shapes as the admin API. */
  staleClientsReport: staleClientsReportSchema,
  unusedScopesReport: unusedScopesReportSchema,
  secretsReport: secretsReportSchema,
  ...poolCliOutputSchemas,
  ...accessKeyCliOutputSchemas,
  ...roleCliOutputSchemas,
} as const;

export type CliOutputKind = keyof typeof cliOutputSchemas;
export type CliOutput<K extends CliOutputKind> = z.output<(typeof cliOutputSchemas)[K]>;
