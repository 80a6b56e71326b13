import type { UserPool } from '@gatehouse/schemas';
import { epochSeconds } from './signed-pool.js';

/** The ARN Cognito would give the pool; Gatehouse has no account, so the account part is zeros. */
export function poolArn(pool: UserPool): string {
  const region = pool.id.split('_')[0] ?? 'local';
  return `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.id}`;
}

/**
 * Cognito's UserPoolType for a Gatehouse pool. Composition rules (upper case, digits, symbols)
 * are not Gatehouse's: it checks length and refuses common passwords instead, so they read false.
 */
export function userPoolType(pool: UserPool): Record<string, unknown> {
  const { settings } = pool;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: poolArn(pool),
    CreationDate: epochSeconds(pool.createdAt),
    LastModifiedDate: epochSeconds(pool.updatedAt),
    Policies: {
      PasswordPolicy: {
        MinimumLength: settings.passwordPolicy.minLength,
        RequireUppercase: false,
        RequireLowercase: false,
        RequireNumbers: false,
        RequireSymbols: false,
        TemporaryPasswordValidityDays: 7,
      },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    SchemaAttributes: [
      { Name: 'sub', AttributeDataType: 'String', Mutable: false, Required: true },
      ...settings.requiredAttributes.map((name) => ({
        Name: name,
        AttributeDataType: 'String',
        Mutable: true,
        Required: true,
      })),
    ],
    // A Gatehouse pool confirms a sign-up with a code sent by email unless it confirms at once.
    AutoVerifiedAttributes: settings.autoConfirm ? [] : ['email'],
    ...(settings.signInWith === 'email' ? { UsernameAttributes: ['email'] } : {}),
    UsernameConfiguration: { CaseSensitive: false },
    MfaConfiguration: 'OFF',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: !settings.selfSignUp },
    UserPoolTags: {},
  };
}

/** The short form ListUserPools gives. */
export function userPoolDescription(pool: UserPool): Record<string, unknown> {
  return {
    Id: pool.id,
    Name: pool.name,
    LambdaConfig: {},
    CreationDate: epochSeconds(pool.createdAt),
    LastModifiedDate: epochSeconds(pool.updatedAt),
  };
}
