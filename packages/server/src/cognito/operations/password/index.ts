import type { CognitoOperation } from '../../operation.js';
import { changePassword } from './change-password.js';
import { confirmForgotPassword } from './confirm-forgot-password.js';
import { forgotPassword } from './forgot-password.js';

export const PASSWORD_OPERATIONS: readonly CognitoOperation[] = [
  forgotPassword,
  confirmForgotPassword,
  changePassword,
];
