import { isLoopback } from '@gatehouse/jws/loopback';
import { z } from 'zod';
import { SIGNING_ALGS } from './common.js';
import { text } from './text.js';

export const APP_CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export const appClientAuthMethodSchema = z.enum(APP_CLIENT_AUTH_METHODS, {
  error: () => `must be one of ${APP_CLIENT_AUTH_METHODS.join(', ')}`,
});
export type AppClientAuthMethod = z.infer<typeof appClientAuthMethodSchema>;

/**
 * Cognito's `AllowedOAuthFlows`: `code` signs people in (authorization code, then refresh
 * tokens); `client_credentials` gives a confidential app machine tokens for its own resource
 * server scopes. As in Cognito, one client never has both.
 */
export const APP_CLIENT_OAUTH_FLOWS = ['code', 'client_credentials'] as const;
export const appClientOAuthFlowSchema = z.enum(APP_CLIENT_OAUTH_FLOWS, {
  error: () => `must be one of ${APP_CLIENT_OAUTH_FLOWS.join(', ')}`,
});
export type AppClientOAuthFlow = z.infer<typeof appClientOAuthFlowSchema>;
export const DEFAULT_APP_CLIENT_OAUTH_FLOWS: readonly AppClientOAuthFlow[] = ['code'];

const oauthFlowsSchema = z
  .array(appClientOAuthFlowSchema)
  .min(1, 'needs at least one flow')
  .max(APP_CLIENT_OAUTH_FLOWS.length, 'names a flow twice')
  .refine((flows) => new Set(flows).size === flows.length, 'names a flow twice')
  .refine(
    (flows) => !(flows.includes('client_credentials') && flows.includes('code')),
    'client_credentials cannot be combined with code: use one app client for each',
  );

/** The OpenID Connect scopes a pool answers itself; anything else is `<identifier>/<scope>`. */
export const OIDC_SCOPES = ['openid', 'email', 'profile', 'phone'] as const;
export const DEFAULT_APP_CLIENT_SCOPES: readonly string[] = ['openid', 'email', 'profile'];

/**
 * A callback or logout URL, compared byte for byte at the authorize and logout endpoints
 * (RFC 9700 §4.1.3): https, or plain http on this machine only (RFC 8252 §7.3), never a fragment
 * (RFC 6749 §3.1.2) and never credentials in it.
 */
export const redirectUriSchema = text()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute URL such as https://app.example.com/callback',
      });
      return;
    }
    if (value.includes('#')) ctx.addIssue({ code: 'custom', message: 'must not contain a fragment ("#")' });
    if (/\s/.test(value)) ctx.addIssue({ code: 'custom', message: 'must not contain spaces' });
    if (url.username || url.password)
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: 'must use https (plain http only for localhost, 127.0.0.1 or [::1])',
      });
    }
  });

const uriListSchema = (what: string, min: number) =>
  z
    .array(redirectUriSchema)
    .min(min, `needs at least ${min} ${what}`)
    .max(100, `at most 100 ${what}s`)
    .refine((uris) => new Set(uris).size === uris.length, `names a ${what} twice`);

/** An OIDC scope, or a qualified scope `<identifier>/<scope>` the server resolves against its registry. */
export const appClientScopeSchema = text()
  .min(1, 'is required')
  .max(330, 'is too long')
  .refine(
    (value) => (OIDC_SCOPES as readonly string[]).includes(value) || /^\S+\/[^\s/]+$/.test(value),
    `must be one of ${OIDC_SCOPES.join(', ')} or <resource-identifier>/<scope>`,
  );

const lifetime = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min} seconds`)
    .max(max, `must be at most ${max} seconds`);

/**
 * The JWS alg of a client's ID tokens, as OIDC Dynamic Client Registration's
 * `id_token_signed_response_alg`: any alg the deployment's key set signs with. RS256 by default,
 * because a relying party that registered nothing expects it (OIDC Core §15.1); ES256 costs a
 * small fraction of its CPU per token.
 */
export const ID_TOKEN_SIGNING_ALGS = SIGNING_ALGS;
export const DEFAULT_ID_TOKEN_SIGNING_ALG = 'RS256' satisfies (typeof SIGNING_ALGS)[number];
export const idTokenSigningAlgSchema = z.enum(ID_TOKEN_SIGNING_ALGS, {
  error: () => `must be one of ${ID_TOKEN_SIGNING_ALGS.join(', ')}`,
});

/**
 * How an app client may sign people in through Cognito's API (InitiateAuth, AdminInitiateAuth),
 * in Cognito's names without the `ALLOW_` prefix. The hosted pages are not limited by it.
 */
export const EXPLICIT_AUTH_FLOWS = [
  'USER_PASSWORD_AUTH',
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
] as const;
export type ExplicitAuthFlow = (typeof EXPLICIT_AUTH_FLOWS)[number];
/** Cognito's default for a new app client. */
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly ExplicitAuthFlow[] = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
];
export const explicitAuthFlowSchema = z.enum(EXPLICIT_AUTH_FLOWS, {
  error: () => `must be one of ${EXPLICIT_AUTH_FLOWS.join(', ')}`,
});

/** A client's own token lifetimes override the pool's. */
const settingsFields = {
  explicitAuthFlows: z
    .array(explicitAuthFlowSchema)
    .max(EXPLICIT_AUTH_FLOWS.length)
    .refine((flows) => new Set(flows).size === flows.length, 'names a flow twice'),
  requirePkce: z.boolean(),
  refreshRotation: z.boolean(),
  idTokenSigningAlg: idTokenSigningAlgSchema,
  accessTokenSeconds: lifetime(300, 86_400),
  idTokenSeconds: lifetime(300, 86_400),
  refreshTokenSeconds: lifetime(3600, 3650 * 86_400),
};

export const appClientSettingsSchema = z.object({
  requirePkce: settingsFields.requirePkce,
  refreshRotation: settingsFields.refreshRotation.default(true),
  idTokenSigningAlg: settingsFields.idTokenSigningAlg.default(DEFAULT_ID_TOKEN_SIGNING_ALG),
  explicitAuthFlows: settingsFields.explicitAuthFlows.default(() => [...DEFAULT_EXPLICIT_AUTH_FLOWS]),
  accessTokenSeconds: settingsFields.accessTokenSeconds.optional(),
  idTokenSeconds: settingsFields.idTokenSeconds.optional(),
  refreshTokenSeconds: settingsFields.refreshTokenSeconds.optional(),
});
export type AppClientSettings = z.output<typeof appClientSettingsSchema>;

const nameSchema = text().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const scopesSchema = z
  .array(appClientScopeSchema)
  .min(1, 'needs at least one scope')
  .max(100, 'at most 100 scopes')
  .refine((scopes) => new Set(scopes).size === scopes.length, 'names a scope twice');

/**
 * A public client (a single-page or native app) has no secret and must use PKCE; a
 * confidential one authenticates with its secret, and may skip PKCE unless it asks for it.
 */
export const createAppClientSchema = z
  .object({
    name: nameSchema,
    public: z.boolean().default(false),
    authMethod: appClientAuthMethodSchema.optional(),
    allowedOAuthFlows: oauthFlowsSchema.default(() => [...DEFAULT_APP_CLIENT_OAUTH_FLOWS]),
    redirectUris: uriListSchema('redirect URI', 0).default([]),
    logoutUris: uriListSchema('logout URI', 0).default([]),
    scopes: scopesSchema.optional(),
    settings: appClientSettingsSchema.partial({ requirePkce: true }).prefault({}),
  })
  .superRefine((value, ctx) => {
    for (const issue of oauthFlowIssues(value.allowedOAuthFlows, {
      isPublic: value.public,
      redirectUris: value.redirectUris,
      scopes: value.scopes,
    })) {
      ctx.addIssue({ code: 'custom', ...issue });
    }
    if (value.public && value.authMethod !== undefined && value.authMethod !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['authMethod'],
        message: 'a public client has no secret: use none',
      });
    }
    if (!value.public && value.authMethod === 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['authMethod'],
        message: 'a confidential client authenticates: use client_secret_basic or client_secret_post',
      });
    }
    if (value.public && value.settings.requirePkce === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['settings', 'requirePkce'],
        message: 'public clients always use PKCE',
      });
    }
  })
  .transform((value) => ({
    ...value,
    scopes: value.scopes ?? [...DEFAULT_APP_CLIENT_SCOPES],
    authMethod: value.authMethod ?? (value.public ? 'none' : 'client_secret_basic'),
    settings: { ...value.settings, requirePkce: value.settings.requirePkce ?? value.public },
  }));
export type CreateAppClientInput = z.input<typeof createAppClientSchema>;

/**
 * What a client's flows ask of the rest of it, on creation and after a change: a
 * client_credentials client is confidential and holds resource-server scopes only (Cognito's
 * rule: its tokens act for no person); a code client has somewhere to send people back to.
 */
export function oauthFlowIssues(
  flows: readonly AppClientOAuthFlow[],
  client: { isPublic: boolean; redirectUris: readonly string[]; scopes: readonly string[] | undefined },
): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (flows.includes('client_credentials')) {
    if (client.isPublic) {
      issues.push({
        path: ['allowedOAuthFlows'],
        message: 'client_credentials needs a confidential client (one with a secret)',
      });
    }
    if (client.scopes === undefined) {
      issues.push({
        path: ['scopes'],
        message: 'a client_credentials client needs its resource server scopes (<identifier>/<scope>)',
      });
    } else {
      const oidc = client.scopes.find((scope) => (OIDC_SCOPES as readonly string[]).includes(scope));
      if (oidc !== undefined) {
        issues.push({
          path: ['scopes'],
          message: `"${oidc}" is for people; a client_credentials client has resource server scopes only`,
        });
      }
    }
  }
  if (flows.includes('code') && client.redirectUris.length === 0) {
    issues.push({ path: ['redirectUris'], message: 'needs at least 1 redirect URI' });
  }
  return issues;
}

/** A change names only what it changes; a client never changes between public and confidential. */
export const updateAppClientSchema = z
  .object({
    name: nameSchema,
    authMethod: appClientAuthMethodSchema,
    allowedOAuthFlows: oauthFlowsSchema,
    redirectUris: uriListSchema('redirect URI', 0),
    logoutUris: uriListSchema('logout URI', 0),
    scopes: scopesSchema,
    settings: z
      .object({
        ...settingsFields,
        accessTokenSeconds: settingsFields.accessTokenSeconds.nullable(),
        idTokenSeconds: settingsFields.idTokenSeconds.nullable(),
        refreshTokenSeconds: settingsFields.refreshTokenSeconds.nullable(),
      })
      .partial(),
  })
  .partial()
  .strict();
export type UpdateAppClientInput = z.input<typeof updateAppClientSchema>;

export const appClientSchema = z.object({
  clientId: z.string(),
  poolId: z.string(),
  name: z.string(),
  public: z.boolean(),
  authMethod: appClientAuthMethodSchema,
  allowedOAuthFlows: z.array(appClientOAuthFlowSchema),
  redirectUris: z.array(z.string()),
  logoutUris: z.array(z.string()),
  scopes: z.array(z.string()),
  settings: appClientSettingsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppClient = z.infer<typeof appClientSchema>;

export const createdAppClientSchema = appClientSchema.extend({
  clientSecret: z.string().optional().describe('Confidential clients only; shown once, never again'),
});
export type CreatedAppClient = z.infer<typeof createdAppClientSchema>;
