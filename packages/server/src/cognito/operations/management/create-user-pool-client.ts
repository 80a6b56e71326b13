import { type CreateAppClientInput, EXPLICIT_AUTH_FLOWS, type ExplicitAuthFlow } from '@gatehouse/schemas';
import { z } from 'zod';
import { signedPool } from '../../management/signed-pool.js';
import {
  COGNITO_ADMIN_SCOPE,
  userPoolClientType,
  VALIDITY_UNITS,
  type ValidityUnit,
} from '../../management/user-pool-client-type.js';
import { invalidParameter } from '../../errors.js';
import { NAME_PATTERN, str } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

const unit = z.enum(['seconds', 'minutes', 'hours', 'days']).optional();
const AUTH_FLOWS = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
] as const;

const input = z.object({
  UserPoolId: poolIdField(),
  ClientName: str(1, 128, NAME_PATTERN),
  GenerateSecret: z.boolean().optional(),
  RefreshTokenValidity: z.number().int().min(0).max(315_360_000).optional(),
  AccessTokenValidity: z.number().int().min(1).max(86_400).optional(),
  IdTokenValidity: z.number().int().min(1).max(86_400).optional(),
  TokenValidityUnits: z.object({ AccessToken: unit, IdToken: unit, RefreshToken: unit }).optional(),
  ExplicitAuthFlows: z.array(z.enum(AUTH_FLOWS)).optional(),
  CallbackURLs: z.array(str(1, 1024)).max(100).optional(),
  LogoutURLs: z.array(str(1, 1024)).max(100).optional(),
  AllowedOAuthFlows: z
    .array(z.enum(['code', 'implicit', 'client_credentials']))
    .max(3)
    .optional(),
  AllowedOAuthScopes: z.array(str(1, 256)).max(50).optional(),
  AllowedOAuthFlowsUserPoolClient: z.boolean().optional(),
  SupportedIdentityProviders: z.array(z.string()).optional(),
  PreventUserExistenceErrors: z.enum(['ENABLED', 'LEGACY']).optional(),
  EnableTokenRevocation: z.boolean().optional(),
});
type Input = z.output<typeof input>;

/** Cognito's flows without their ALLOW_ prefix; CUSTOM_AUTH and USER_AUTH have no Gatehouse flow. */
function explicitFlows(flows: readonly string[]): ExplicitAuthFlow[] {
  const known: readonly string[] = EXPLICIT_AUTH_FLOWS;
  return flows
    .map((flow) => flow.replace(/^ALLOW_/, ''))
    .filter((flow) => known.includes(flow)) as ExplicitAuthFlow[];
}

/** A lifetime in Cognito's units (hours for access and ID tokens, days for refresh tokens by default). */
function seconds(value: number | undefined, unitName: ValidityUnit | undefined, fallback: ValidityUnit) {
  return value === undefined ? undefined : value * VALIDITY_UNITS[unitName ?? fallback];
}

function settingsOf(body: Input): Record<string, unknown> {
  const units = body.TokenValidityUnits ?? {};
  const lifetimes = {
    accessTokenSeconds: seconds(body.AccessTokenValidity, units.AccessToken, 'hours'),
    idTokenSeconds: seconds(body.IdTokenValidity, units.IdToken, 'hours'),
    // Zero is Cognito's "the default"; Gatehouse's default is the pool's.
    refreshTokenSeconds: body.RefreshTokenValidity
      ? seconds(body.RefreshTokenValidity, units.RefreshToken, 'days')
      : undefined,
  };
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lifetimes)) if (value !== undefined) settings[key] = value;
  if (body.ExplicitAuthFlows) settings.explicitAuthFlows = explicitFlows(body.ExplicitAuthFlows);
  return settings;
}

/**
 * An app client in the pool. GenerateSecret makes a confidential client, whose secret is in this
 * answer only (DescribeUserPoolClient never shows it).
 */
export const createUserPoolClient = defineOperation({
  name: 'CreateUserPoolClient',
  signed: true,
  input,
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    if (body.AllowedOAuthFlows?.includes('implicit')) {
      throw invalidParameter('The implicit flow is not supported: use code with PKCE.');
    }
    const scopes = (body.AllowedOAuthScopes ?? []).filter((scope) => scope !== COGNITO_ADMIN_SCOPE);
    const flows = body.AllowedOAuthFlows?.filter((flow) => flow !== 'implicit');
    const request: CreateAppClientInput = {
      name: body.ClientName,
      public: body.GenerateSecret !== true,
      ...(flows ? { allowedOAuthFlows: flows } : {}),
      redirectUris: body.CallbackURLs ?? [],
      logoutUris: body.LogoutURLs ?? [],
      ...(scopes.length > 0 ? { scopes } : {}),
      settings: settingsOf(body),
    };
    const created = await ctx.gatehouse.appClients.create(pool.id, request, ctx.actor);
    const { clientSecret, ...client } = created;
    return {
      UserPoolClient: {
        ...userPoolClientType(client, pool),
        ...(clientSecret !== undefined ? { ClientSecret: clientSecret } : {}),
      },
    };
  },
});
