/**
 * Cognito's errors as its JSON wire carries them: a status, the `__type` in the body and in
 * `x-amzn-errortype`, and a `message`. The AWS SDK for JavaScript v3 reads the header first and
 * the body's `__type` after it; botocore reads the body's `__type`. Both take the message from
 * `message`. Messages are Cognito's own wording where Cognito has one, so code that matches on
 * them keeps working.
 */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'CognitoError';
  }

  toJSON(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

const error =
  (type: string, status = 400) =>
  (message: string) =>
    new CognitoError(type, message, status);

export const notAuthorized = error('NotAuthorizedException');
export const userNotFound = error('UserNotFoundException');
export const usernameExists = error('UsernameExistsException');
export const userNotConfirmed = error('UserNotConfirmedException');
export const codeMismatch = error('CodeMismatchException');
export const expiredCode = error('ExpiredCodeException');
export const invalidPassword = error('InvalidPasswordException');
export const invalidParameter = error('InvalidParameterException');
export const resourceNotFound = error('ResourceNotFoundException');
export const tooManyRequests = error('TooManyRequestsException');
export const tooManyFailedAttempts = error('TooManyFailedAttemptsException');
export const limitExceeded = error('LimitExceededException');
export const aliasExists = error('AliasExistsException');
export const passwordResetRequired = error('PasswordResetRequiredException');
export const invalidSignature = error('InvalidSignatureException');
export const unrecognizedClient = error('UnrecognizedClientException');
export const missingAuthenticationToken = error('MissingAuthenticationTokenException');
export const accessDenied = error('AccessDeniedException');
export const serialization = error('SerializationException');
export const unsupportedOperation = error('UnsupportedOperationException');
export const unsupportedTokenType = error('UnsupportedTokenTypeException');
export const unauthorized = error('UnauthorizedException');
export const payloadTooLarge = error('RequestEntityTooLargeException', 413);
export const internalError = error('InternalErrorException', 500);

/** Cognito answers an unknown or missing X-Amz-Target with this, and no more than it. */
export const unknownOperation = () => new CognitoError('UnknownOperationException', '');

/** The wording Cognito uses for a user pool or app client that does not exist. */
export const noSuchPool = (poolId: string) => resourceNotFound(`User pool ${poolId} does not exist.`);
export const noSuchClient = (clientId: string) =>
  resourceNotFound(`User pool client ${clientId} does not exist.`);

/** Wrong password, unknown user where the pool hides that, disabled user: one answer for all. */
export const INCORRECT_CREDENTIALS = 'Incorrect username or password.';
