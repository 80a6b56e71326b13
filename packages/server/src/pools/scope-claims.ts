/** The scopes OIDC Core §5.4 defines that Gatehouse answers; the rest are resource server scopes. */
export const OIDC_SCOPES = ['openid', 'email', 'profile', 'phone'] as const;
const OIDC_SCOPE_SET: ReadonlySet<string> = new Set(OIDC_SCOPES);

export function isOidcScope(scope: string): boolean {
  return OIDC_SCOPE_SET.has(scope);
}

/** OIDC Core §5.4: the claims `profile` releases. */
export const PROFILE_CLAIMS = [
  'name',
  'family_name',
  'given_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'updated_at',
] as const;

export const EMAIL_CLAIMS = ['email', 'email_verified'] as const;
export const PHONE_CLAIMS = ['phone_number', 'phone_number_verified'] as const;

/** A pool user as the claim builders read it; PoolUserView fits. */
export interface ClaimsUser {
  sub: string;
  username: string;
  email?: string | null | undefined;
  emailVerified: boolean;
  /** Standard OIDC claims and `custom:*`, as strings (Cognito's attribute model). */
  attributes: Readonly<Record<string, string>>;
  groups: readonly string[];
}

/**
 * The standard claims the granted scopes release (OIDC Core §5.4), typed as §5.1 says:
 * `updated_at` a number of seconds, the `*_verified` claims booleans. Absent values are left out.
 */
export function scopedClaims(user: ClaimsUser, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const attrs = user.attributes;
  if (scopes.includes('email') && user.email) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.includes('profile')) {
    for (const name of PROFILE_CLAIMS) {
      const value = own(attrs, name);
      if (value === undefined) continue;
      if (name === 'updated_at') {
        if (/^\d{1,12}$/.test(value)) claims.updated_at = Number(value);
      } else claims[name] = value;
    }
  }
  if (scopes.includes('phone')) {
    const phone = own(attrs, 'phone_number');
    if (phone !== undefined) {
      claims.phone_number = phone;
      claims.phone_number_verified = own(attrs, 'phone_number_verified') === 'true';
    }
  }
  return claims;
}

/** `custom:*` attributes: Cognito puts them in the ID token whatever the scopes. */
export function customClaims(user: ClaimsUser): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name.startsWith('custom:') && typeof value === 'string') claims[name] = value;
  }
  return claims;
}

// Own properties only: an attribute map parsed from JSON must not answer for `constructor`.
function own(attrs: Readonly<Record<string, string>>, name: string): string | undefined {
  if (!Object.hasOwn(attrs, name)) return undefined;
  const value = attrs[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
