import type { CognitoOperation } from '../operation.js';
import { ADMIN_OPERATIONS } from './admin/index.js';
import { SIGN_UP_OPERATIONS } from './sign-up/index.js';

/** Every operation the wire answers, by name. */
export const OPERATIONS: ReadonlyMap<string, CognitoOperation> = new Map(
  [...SIGN_UP_OPERATIONS, ...ADMIN_OPERATIONS].map((operation) => [operation.name, operation]),
);
