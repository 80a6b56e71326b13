import type { CognitoOperation } from '../../operation.js';
import { getUser } from './get-user.js';
import { globalSignOut } from './global-sign-out.js';
import { revokeToken } from './revoke-token.js';
import { updateUserAttributes } from './update-user-attributes.js';

export const ACCOUNT_OPERATIONS: readonly CognitoOperation[] = [
  getUser,
  updateUserAttributes,
  globalSignOut,
  revokeToken,
];
