import { z } from 'zod';
import { appClientSchema, appClientSettingsSchema } from './pool-app-client.js';
import { poolGroupSchema } from './pool-group.js';
import { poolSessionSchema } from './pool-session.js';
import { poolUserSchema } from './pool-user.js';
import { userPoolSchema } from './user-pool.js';

/*
 * What `gatehouse user-pools … --json` prints. Strict all the way down, as the other CLI
 * answers: a settings key added or renamed without its schema fails the JSON-output test.
 */

const strict = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) => z.strictObject(schema.shape);
const seconds = z.number().int();

const poolSettings = z.strictObject({
  selfSignUp: z.boolean(),
  autoConfirm: z.boolean(),
  signInWith: z.enum(['username', 'email']),
  requiredAttributes: z.array(z.string()),
  preventUserExistenceErrors: z.boolean(),
  passwordPolicy: z.strictObject({ minLength: z.number().int(), refuseCommonPasswords: z.boolean() }),
  tokens: z.strictObject({
    accessTokenSeconds: seconds,
    idTokenSeconds: seconds,
    refreshTokenSeconds: seconds,
    refreshIdleSeconds: seconds,
  }),
  sessions: z.strictObject({ idleSeconds: seconds, absoluteSeconds: seconds }),
  branding: z.strictObject({
    displayName: z.string().optional(),
    logoUrl: z.string().optional(),
    primaryColor: z.string().optional(),
  }),
});

const userPool = z.strictObject({ ...userPoolSchema.shape, settings: poolSettings });
const appClient = z.strictObject({ ...appClientSchema.shape, settings: strict(appClientSettingsSchema) });
const poolUser = strict(poolUserSchema);
const poolGroup = strict(poolGroupSchema);
const poolSession = strict(poolSessionSchema);

export const poolCliOutputSchemas = {
  userPool,
  userPools: z.array(userPool),
  userPoolDeleted: z.strictObject({ deleted: z.string() }),
  /** `clients create` and `clients rotate-secret`: the secret (confidential clients), shown this once. */
  appClientCreated: z.strictObject({
    ...appClient.shape,
    clientSecret: z.string().optional(),
    issuer: z.string().describe("The pool's issuer, which the app discovers its endpoints from"),
  }),
  appClient,
  appClients: z.array(appClient),
  appClientDeleted: z.strictObject({ deleted: z.string(), poolId: z.string() }),
  poolUser,
  poolUsers: z.array(poolUser),
  poolUserDeleted: z.strictObject({ deleted: z.string(), poolId: z.string() }),
  poolUserSignedOut: z.strictObject({
    poolId: z.string(),
    sub: z.string(),
    username: z.string(),
    sessionsEnded: z.number().int(),
    refreshTokensRevoked: z.number().int(),
  }),
  poolSessions: z.array(poolSession),
  poolSessionRevoked: z.strictObject({ poolId: z.string(), username: z.string(), revoked: z.string() }),
  poolGroup,
  poolGroups: z.array(poolGroup),
  poolGroupDeleted: z.strictObject({ deleted: z.string(), poolId: z.string() }),
  /** `groups add-user` and `remove-user`: the user's groups after the change. */
  poolGroupMembership: z.strictObject({
    poolId: z.string(),
    group: z.string(),
    username: z.string(),
    groups: z.array(z.string()),
  }),
} as const;
