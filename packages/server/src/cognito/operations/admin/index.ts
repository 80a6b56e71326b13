import type { CognitoOperation } from '../../operation.js';
import { adminAddUserToGroup } from './admin-add-user-to-group.js';
import { adminConfirmSignUp } from './admin-confirm-sign-up.js';
import { adminCreateUser } from './admin-create-user.js';
import { adminDeleteUser } from './admin-delete-user.js';
import { adminDisableUser } from './admin-disable-user.js';
import { adminEnableUser } from './admin-enable-user.js';
import { adminGetUser } from './admin-get-user.js';
import { adminInitiateAuth } from './admin-initiate-auth.js';
import { adminListGroupsForUser } from './admin-list-groups-for-user.js';
import { adminRemoveUserFromGroup } from './admin-remove-user-from-group.js';
import { adminRespondToAuthChallenge } from './admin-respond-to-auth-challenge.js';
import { adminSetUserPassword } from './admin-set-user-password.js';
import { adminUserGlobalSignOut } from './admin-user-global-sign-out.js';
import { listUsers } from './list-users.js';

/** Signed operations on a pool's users (AWS Signature Version 4 with a Gatehouse access key). */
export const ADMIN_OPERATIONS: readonly CognitoOperation[] = [
  adminConfirmSignUp,
  adminInitiateAuth,
  adminRespondToAuthChallenge,
  adminCreateUser,
  adminGetUser,
  adminDeleteUser,
  adminDisableUser,
  adminEnableUser,
  adminSetUserPassword,
  adminAddUserToGroup,
  adminRemoveUserFromGroup,
  adminListGroupsForUser,
  adminUserGlobalSignOut,
  listUsers,
];
