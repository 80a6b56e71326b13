/** What Gatehouse needs to know about the company identity provider it signs people in with. */
export interface OidcSettings {
  /** Exactly as the provider names itself, e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** <gatehouse issuer>/api/v1/auth/sso/callback */
  redirectUri: string;
  /** Always includes `openid`; default openid, email, profile. */
  scopes: string[];
  /** Sign-in button label; default 'Single sign-on'. */
  label: string;
  /** The claim that lists the person's groups; default 'groups'. */
  groupsClaim: string;
  /**
   * When not empty, only people in at least one of these groups may sign in; everyone else is
   * turned away (GATEHOUSE_SSO_ALLOWED_GROUPS). Empty: anyone the provider signs in.
   */
  allowedGroups: string[];
  /** Group values that make a platform admin. */
  adminGroups: string[];
  /** Group values that make a team member or owner. */
  teamGroups: TeamGroup[];
  /** False turns local passwords off while single sign-on is on. */
  localLogin: boolean;
}

export type TeamRole = 'owner' | 'member';

export interface TeamGroup {
  group: string;
  /** Team slug. */
  team: string;
  role: TeamRole;
}

/** The path, under the Gatehouse issuer, the provider sends people back to. */
export const CALLBACK_PATH = '/api/v1/auth/sso/callback';

export const DEFAULT_SCOPES: readonly string[] = Object.freeze(['openid', 'email', 'profile']);
export const DEFAULT_LABEL = 'Single sign-on';
export const DEFAULT_GROUPS_CLAIM = 'groups';
