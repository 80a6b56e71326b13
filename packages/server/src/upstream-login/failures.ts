import { AuthorizationResponseError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { IdpHttpError } from './provider-fetch.js';
import { JwksUnavailable } from './provider-keys.js';

/**
 * What an openid-client failure says, taken apart for Gatehouse's own error codes and log lines.
 * Its parts hold the provider's answer (codes, tokens), so only the messages built from them
 * here reach an SsoError: the failure itself is never attached as a cause.
 */
export interface FailureChain {
  /** The innermost Error: openid-client wraps the one that says what went wrong. */
  inner: Error & { code?: unknown };
  /** The innermost error's details, when it carries an object rather than an Error. */
  details: Record<string, unknown> | undefined;
  /** The provider's error answer from the token or UserInfo endpoint, if that is what it was. */
  answer: ResponseBodyError | WWWAuthenticateChallengeError | undefined;
  authorization: AuthorizationResponseError | undefined;
  /** Gatehouse's own failures, from the bounded fetch or the key cache. */
  idp: IdpHttpError | undefined;
  jwks: JwksUnavailable | undefined;
}

export function failureChain(err: unknown): FailureChain {
  const errors: Error[] = [];
  let cause: unknown = err;
  while (cause instanceof Error && errors.length < 8) {
    errors.push(cause);
    cause = cause.cause;
  }
  const find = <T extends Error>(type: abstract new (...args: never[]) => T): T | undefined =>
    errors.find((e): e is T => e instanceof type);
  const inner = errors.at(-1) ?? new Error(String(err));
  const details =
    typeof cause === 'object' && cause !== null && !Array.isArray(cause)
      ? (cause as Record<string, unknown>)
      : undefined;
  return {
    inner,
    details,
    answer: find(ResponseBodyError) ?? find(WWWAuthenticateChallengeError),
    authorization: find(AuthorizationResponseError),
    idp: find(IdpHttpError),
    jwks: find(JwksUnavailable),
  };
}

/** The status of an unexpected HTTP answer, which openid-client gives as the failure's details. */
export function httpStatusOf(details: Record<string, unknown> | undefined): number | undefined {
  return details instanceof Response ? details.status : undefined;
}

// Error codes are printable ASCII (RFC 6749 §4.1.2.1, §5.2); anything else is cut out before showing it.
export const printable = (value: unknown, max: number): string =>
  typeof value === 'string' ? value.replace(/[^\x20-\x7e]/g, '').slice(0, max) : '';

/** `error: error_description` of a provider error, trimmed to printable ASCII. */
function describeOAuthError(error: unknown, description: unknown): string {
  const code = printable(error, 100);
  const text = printable(description, 300);
  if (code === '') return 'no OAuth error in the answer';
  return text === '' ? code : `${code}: ${text}`;
}

/** What the token or UserInfo endpoint answered, for the log: status and OAuth error. */
export function describeAnswer(answer: ResponseBodyError | WWWAuthenticateChallengeError): string {
  if (answer instanceof ResponseBodyError) {
    return `answered ${answer.status} (${describeOAuthError(answer.error, answer.error_description)})`;
  }
  const [challenge] = answer.cause;
  const params = challenge?.parameters;
  return `answered ${answer.status} (${describeOAuthError(params?.error, params?.error_description)})`;
}
