import type { CognitoOperation } from '../../operation.js';
import { signUp } from './sign-up.js';

export const SIGN_UP_OPERATIONS: readonly CognitoOperation[] = [signUp];
