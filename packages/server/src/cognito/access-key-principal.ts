/** Who signed a call to the Cognito wire (the services define it: the signature check is theirs). */
export type { AccessKeyPrincipal } from '../services/access-keys/principal.js';
