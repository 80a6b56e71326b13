import type { CognitoOperation } from '../../operation.js';
import { initiateAuth } from './initiate-auth.js';
import { respondToAuthChallenge } from './respond-to-auth-challenge.js';

export const AUTH_OPERATIONS: readonly CognitoOperation[] = [initiateAuth, respondToAuthChallenge];
