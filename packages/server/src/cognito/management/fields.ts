import { POOL_ID_PATTERN, str } from '../input.js';

/** Input members the management operations share, as Cognito's model declares them. */
export const poolIdField = () => str(1, 55, POOL_ID_PATTERN);
export const resourceServerIdentifierField = () => str(1, 256, /^[\x21\x23-\x5B\x5D-\x7E]+$/);
