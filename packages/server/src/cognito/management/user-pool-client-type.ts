import type { AppClient, UserPool } from '@gatehouse/schemas';
import { epochSeconds } from './signed-pool.js';

/** Cognito's token validity units and how many seconds each is. */
export const VALIDITY_UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
export type ValidityUnit = keyof typeof VALIDITY_UNITS;

/** The scope every token from Cognito's own API carries; Gatehouse grants it without asking. */
export const COGNITO_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Settings a release of Gatehouse may or may not have; read when present. */
type MaybeSettings = AppClient['settings'] & { explicitAuthFlows?: readonly string[] };

/**
 * Cognito's UserPoolClientType. The secret is never in it: Gatehouse shows a secret once, in
 * the answer that made it, so only CreateUserPoolClient adds ClientSecret.
 */
export function userPoolClientType(client: AppClient, pool: UserPool): Record<string, unknown> {
  const settings = client.settings as MaybeSettings;
  const tokens = pool.settings.tokens;
  const flows = (client as { allowedOAuthFlows?: readonly string[] }).allowedOAuthFlows ?? ['code'];
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.clientId,
    CreationDate: epochSeconds(client.createdAt),
    LastModifiedDate: epochSeconds(client.updatedAt),
    // Lifetimes in seconds, said so by the units, so no rounding hides a client's own value.
    AccessTokenValidity: settings.accessTokenSeconds ?? tokens.accessTokenSeconds,
    IdTokenValidity: settings.idTokenSeconds ?? tokens.idTokenSeconds,
    RefreshTokenValidity: settings.refreshTokenSeconds ?? tokens.refreshTokenSeconds,
    TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'seconds' },
    ExplicitAuthFlows: (settings.explicitAuthFlows ?? ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH']).map(
      (flow) => `ALLOW_${flow}`,
    ),
    SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: client.redirectUris,
    LogoutURLs: client.logoutUris,
    AllowedOAuthFlows: flows,
    AllowedOAuthScopes: client.scopes,
    AllowedOAuthFlowsUserPoolClient: flows.length > 0,
    PreventUserExistenceErrors: pool.settings.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}
