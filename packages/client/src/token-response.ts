import { clip, TokenError } from './errors.js';
import { type HttpAnswer, tries } from './http.js';

/**
 * A token and what the server said about it.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, scope } = await client.getTokenResponse();
 * console.log(`token for ${scope.join(' ')} until ${new Date(expiresAt).toISOString()}`);
 * ```
 */
export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime in seconds, as the server sent it. */
  expiresIn: number;
  /** When the token expires, in epoch milliseconds, counted from when the request was sent. */
  expiresAt: number;
  /** The granted scopes; the requested ones when the server left `scope` out (RFC 6749 §5.1). */
  scope: string[];
  /** RFC 6749 §5.1: present only when the server issued one; client credentials answers leave it out. */
  refreshToken?: string;
  /** OpenID Connect Core §3.1.3.3: present only when the server issued one. */
  idToken?: string;
}

/** RFC 6750 §2.1 b64token: what may follow `Bearer ` in a header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error for a non-2xx answer: ERR_OAUTH when it carries an RFC 6749 §5.2 error body,
 * ERR_BAD_RESPONSE otherwise. `scrub` removes the client secret from text the server wrote.
 */
function answerError(
  answer: HttpAnswer,
  what: string,
  scrub: (text: string) => string = (text) => text,
): TokenError {
  const body = jsonObject(answer.text);
  const error = body?.error;
  if (typeof error === 'string' && error !== '') {
    const oauthError = scrub(error);
    const raw = body?.error_description;
    const description = typeof raw === 'string' && raw !== '' ? scrub(raw) : undefined;
    const detail = description === undefined ? '' : `: ${clip(description)}`;
    return new TokenError(
      'ERR_OAUTH',
      `${what} answered ${answer.status} ${clip(oauthError, 64)}${detail}${tries(answer.attempts)}`,
      { status: answer.status, oauthError, oauthErrorDescription: description },
    );
  }
  return new TokenError(
    'ERR_BAD_RESPONSE',
    `${what} answered ${answer.status} without an OAuth error body${tries(answer.attempts)}`,
    { status: answer.status },
  );
}

/** Reads a token endpoint answer strictly (RFC 6749 §5.1); never puts the token in a message. */
export function readTokenAnswer(
  answer: HttpAnswer,
  what: string,
  requestedScopes: readonly string[],
  sentAt: number,
  scrub?: (text: string) => string,
): TokenResponse {
  if (answer.status < 200 || answer.status > 299) throw answerError(answer, what, scrub);
  const bad = (reason: string) =>
    new TokenError('ERR_BAD_RESPONSE', `${what} answered ${answer.status} with ${reason}`, {
      status: answer.status,
    });
  const body = jsonObject(answer.text);
  if (!body) throw bad('a body that is not a JSON object');
  const {
    access_token: accessToken,
    token_type: tokenType,
    expires_in: expiresIn,
    scope,
    refresh_token: refreshToken,
    id_token: idToken,
  } = body;
  if (typeof accessToken !== 'string' || !B64TOKEN.test(accessToken)) {
    throw bad('no usable access_token');
  }
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw bad(`token_type ${clip(JSON.stringify(tokenType) ?? 'undefined', 40)}, not Bearer`);
  }
  if (typeof expiresIn !== 'number' || !Number.isSafeInteger(expiresIn) || expiresIn <= 0) {
    throw bad('expires_in missing or not a positive whole number of seconds');
  }
  if (scope !== undefined && typeof scope !== 'string') throw bad('a scope that is not a string');
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    expiresAt: sentAt + expiresIn * 1000,
    scope: scope === undefined ? [...requestedScopes] : scope.split(' ').filter((s) => s !== ''),
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
    ...(typeof idToken === 'string' && idToken !== '' ? { idToken } : {}),
  };
}
