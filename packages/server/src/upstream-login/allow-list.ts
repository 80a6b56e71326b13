import type { SsoIdentity } from './identity.js';
import type { OidcSettings } from './settings.js';

/**
 * Whether the identity may sign in under GATEHOUSE_SSO_ALLOWED_GROUPS: always when the list is
 * empty, else when any of its groups (from the groups claim, a list or a single string) is listed.
 */
export function isAllowed(
  identity: Pick<SsoIdentity, 'groups'>,
  settings: Pick<OidcSettings, 'allowedGroups'>,
): boolean {
  if (settings.allowedGroups.length === 0) return true;
  const groups = new Set(identity.groups);
  return settings.allowedGroups.some((group) => groups.has(group));
}

/**
 * The identity provider signed the person in, but Gatehouse's allow-list turns them away.
 * Carries who they are, for the audit log and the page that tells them; never a token.
 */
export class SsoNotAllowedError extends Error {
  override name = 'SsoNotAllowedError';
  readonly code = 'not_allowed';

  constructor(
    readonly subject: string,
    readonly email: string | null,
    readonly who: string,
  ) {
    super(`${who} is not in any group allowed to sign in to Gatehouse`);
  }
}
