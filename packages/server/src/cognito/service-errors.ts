import { PayloadTooLarge } from '../http/errors.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  LockedError,
  NotFoundError,
  StoreUnavailableError,
  TooBusyError,
  ValidationError,
} from '../services/errors.js';
import { PoolCodeError } from '../services/pools/user-codes.js';
import { StoreUnreachable, UnstorableValue } from '../services/store-errors.js';
import {
  CognitoError,
  codeMismatch,
  expiredCode,
  INCORRECT_CREDENTIALS,
  invalidParameter,
  invalidPassword,
  limitExceeded,
  notAuthorized,
  payloadTooLarge,
  resourceNotFound,
  tooManyRequests,
} from './errors.js';

/**
 * The Cognito error for what a service refused. Operations translate the refusals whose
 * meaning depends on the operation (a ConflictError is UsernameExists on SignUp); this is the
 * fallback for the rest. Undefined: not a refusal but a failure, which the caller logs.
 */
export function cognitoErrorOf(error: unknown): CognitoError | undefined {
  if (error instanceof CognitoError) return error;
  if (error instanceof PayloadTooLarge) return payloadTooLarge(error.message);
  if (error instanceof ValidationError) {
    const password = error.issues.filter((issue) => issue.path.toLowerCase().includes('password'));
    if (password.length > 0) {
      return invalidPassword(
        `Password did not conform with policy: ${password.map((i) => `Password ${i.message}`).join('; ')}`,
      );
    }
    return invalidParameter(error.message);
  }
  if (error instanceof PoolCodeError) {
    if (error.reason === 'mismatch')
      return codeMismatch('Invalid verification code provided, please try again.');
    if (error.reason === 'too_many_attempts')
      return limitExceeded('Attempt limit exceeded, please try after some time.');
    return expiredCode('Invalid code provided, please request a code again.');
  }
  if (error instanceof InvalidCredentialsError) return notAuthorized(INCORRECT_CREDENTIALS);
  if (error instanceof LockedError) return notAuthorized('Password attempts exceeded');
  if (error instanceof TooBusyError) return tooManyRequests('Too many requests at once; retry shortly.');
  if (error instanceof NotFoundError) return resourceNotFound(error.message);
  if (error instanceof ConflictError) return invalidParameter(error.message);
  if (error instanceof ForbiddenError) return notAuthorized(error.message);
  if (error instanceof UnstorableValue)
    return invalidParameter('A parameter holds a value that cannot be stored.');
  if (error instanceof StoreUnreachable || error instanceof StoreUnavailableError) {
    return new CognitoError(
      'InternalErrorException',
      'The service cannot reach its store; retry shortly.',
      503,
    );
  }
  return undefined;
}
