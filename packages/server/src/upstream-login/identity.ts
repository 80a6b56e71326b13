/** Who signed in, as the identity provider describes them. */
export interface SsoIdentity {
  /** The provider's stable identifier for the person; with `issuer`, the key to link an account by. */
  subject: string;
  issuer: string;
  email: string | null;
  /** Whether the provider vouches that the person controls `email`. */
  emailVerified: boolean;
  name: string | null;
  groups: string[];
  /** Every claim of the ID token, with UserInfo claims it lacked. */
  claims: Record<string, unknown>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The groups claim as strings: a list, or (as some providers send one group) a single string. */
function groupsOf(claims: Record<string, unknown>, groupsClaim: string): string[] {
  const raw = Object.hasOwn(claims, groupsClaim) ? claims[groupsClaim] : undefined;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  return [...new Set(list.filter((g): g is string => typeof g === 'string' && g !== ''))];
}

/** Whether the ID token lacks a claim Gatehouse uses, so UserInfo should be asked. */
export function lacksProfile(claims: Record<string, unknown>, groupsClaim: string): boolean {
  return [claims.email, claims.name, claims[groupsClaim]].some((v) => v === undefined);
}

/** ID token claims first; UserInfo fills in what the ID token lacked, never overriding it. */
export function mergeClaims(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return userinfo === undefined ? { ...idToken } : { ...userinfo, ...idToken };
}

export function identityFrom(claims: Record<string, unknown>, groupsClaim: string): SsoIdentity {
  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const joined = [given, family].filter((part) => part !== null).join(' ');
  return {
    subject: String(claims.sub),
    issuer: String(claims.iss),
    email: text(claims.email),
    // Some providers send the boolean as a string.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: text(claims.name) ?? (joined === '' ? null : joined),
    groups: groupsOf(claims, groupsClaim),
    claims,
  };
}
