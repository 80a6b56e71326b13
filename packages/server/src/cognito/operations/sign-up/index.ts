import type { CognitoOperation } from '../../operation.js';
import { confirmSignUp } from './confirm-sign-up.js';
import { resendConfirmationCode } from './resend-confirmation-code.js';
import { signUp } from './sign-up.js';

export const SIGN_UP_OPERATIONS: readonly CognitoOperation[] = [
  signUp,
  confirmSignUp,
  resendConfirmationCode,
];
