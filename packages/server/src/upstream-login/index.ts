export { SsoError, type SsoErrorCode } from './errors.js';
export type { SsoIdentity } from './identity.js';
export { mapIdentity, type MappedRoles } from './map-identity.js';
export { parseSsoSettings, SSO_SETTINGS } from './parse-settings.js';
export { PENDING_LOGIN_TTL_MS, type PendingLogin } from './pending-login.js';
export { OidcRelyingParty, type RelyingPartyOptions } from './relying-party.js';
export { safeReturnTo } from './return-to.js';
export { CALLBACK_PATH, type OidcSettings, type TeamGroup, type TeamRole } from './settings.js';
export { isAllowed, SsoNotAllowedError } from './allow-list.js';
