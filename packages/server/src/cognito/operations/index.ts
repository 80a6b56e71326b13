import type { CognitoOperation } from '../operation.js';
import { ACCOUNT_OPERATIONS } from './account/index.js';
import { ADMIN_OPERATIONS } from './admin/index.js';
import { AUTH_OPERATIONS } from './auth/index.js';
import { MANAGEMENT_OPERATIONS } from './management/index.js';
import { PASSWORD_OPERATIONS } from './password/index.js';
import { SIGN_UP_OPERATIONS } from './sign-up/index.js';

/** Every operation the wire answers, by name. */
export const OPERATIONS: ReadonlyMap<string, CognitoOperation> = new Map(
  [
    ...SIGN_UP_OPERATIONS,
    ...AUTH_OPERATIONS,
    ...PASSWORD_OPERATIONS,
    ...ACCOUNT_OPERATIONS,
    ...ADMIN_OPERATIONS,
    ...MANAGEMENT_OPERATIONS,
  ].map((operation) => [operation.name, operation]),
);
