import { authorizationCodeGrant, type ClientAuth, type Configuration, type CustomFetch } from 'openid-client';
import { SsoError } from './errors.js';
import { describeAnswer, type FailureChain, failureChain, printable } from './failures.js';

/** Clock difference tolerated between Gatehouse and the identity provider. */
export const CLOCK_LEEWAY_S = 60;

/** What the callback is checked against: the pending login's secrets. */
export interface CallbackChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface ProviderTokens {
  accessToken: string;
  /** The validated ID token's claims. */
  idClaims: Record<string, unknown>;
}

const ID_TOKEN_MESSAGE = "The identity provider's sign-in could not be verified. Try again.";
const EXCHANGE_MESSAGE = 'The identity provider did not complete the sign-in. Try again.';

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, as client_secret_basic wants for each half. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * RFC 6749 §2.3.1 client_secret_basic: client id and secret each form-encoded, then Basic. Kept
 * rather than openid-client's, which also percent-encodes '-', '.', '_' and '~': valid, but a
 * provider that compares the undecoded secret would refuse secrets it accepts today.
 */
export function clientSecretBasic(clientId: string, clientSecret: string): ClientAuth {
  const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
  return (_as, _client, _body, headers) => {
    headers.set('authorization', `Basic ${credentials}`);
  };
}

/** A token response whose token_type is not Bearer: Gatehouse sends the access token only as one. */
class NotBearer extends Error {
  override name = 'NotBearer';
}

/**
 * openid-client also takes DPoP-bound tokens, which Gatehouse cannot present to UserInfo; this
 * refuses any other token_type at the token endpoint, before the ID token is looked at.
 */
export function bearerOnly(fetchImpl: CustomFetch, tokenEndpoint: string): CustomFetch {
  return async (url, options) => {
    const response = await fetchImpl(url, options);
    if (url !== tokenEndpoint || response.status !== 200) return response;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    const type = (body as { token_type?: unknown } | undefined)?.token_type;
    if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
      throw new NotBearer(`the token response has token_type ${JSON.stringify(type)}, not Bearer`);
    }
    return response;
  };
}

function idTokenDetail({ inner, details }: FailureChain): string {
  const header = details?.header as Record<string, unknown> | undefined;
  const claims = details?.claims as Record<string, unknown> | undefined;
  if (details?.claim === 'exp' && typeof details.now === 'number') {
    return `the ID token expired at ${String(claims?.exp)}; it is now ${details.now}`;
  }
  if (details?.claim === 'nbf') return `the ID token is not valid before ${String(claims?.nbf)}`;
  if (inner.message.includes('untrusted audiences')) return 'the ID token has several audiences and no azp';
  if (header !== undefined && inner.message.includes('"alg"')) {
    const accepted = Array.isArray(details?.expected) ? details.expected.join(', ') : 'RS256';
    return `the ID token uses alg ${printable(header.alg, 20)}; the provider advertises, and Gatehouse accepts, ${accepted}`;
  }
  if (inner.code === 'OAUTH_KEY_SELECTION_FAILED') {
    return `no key in the provider's JWKS fits the ID token (kid ${JSON.stringify(printable(header?.kid, 100))}, alg ${printable(header?.alg, 20)}): ${inner.message}`;
  }
  return `the ID token is not valid: ${inner.message}`;
}

/** Gatehouse's error for a failed callback: the step that failed, a message to show, a detail to log. */
function callbackFailure(err: unknown): SsoError {
  const chain = failureChain(err);
  const { inner, authorization, answer, idp, jwks } = chain;
  if (authorization !== undefined) {
    const detail =
      printable(authorization.error, 100) +
      (authorization.error_description ? `: ${printable(authorization.error_description, 300)}` : '');
    return new SsoError(
      'idp_error',
      `The identity provider did not sign you in (${detail}).`,
      new Error(`the authorization response is an error: ${detail}`),
    );
  }
  if (/"state"|expectedState/.test(inner.message)) {
    return new SsoError(
      'state_mismatch',
      'This sign-in response does not belong to the sign-in you started. Start again.',
      new Error(`the callback state is not the pending one (${inner.message})`),
    );
  }
  if (inner.message.includes('"iss"') && !inner.message.includes('JWT')) {
    return new SsoError(
      'idp_error',
      'The sign-in response did not come from the configured identity provider. Start again.',
      new Error(`the callback iss does not name the provider (${inner.message})`),
    );
  }
  if (inner.message.includes('no authorization code')) {
    return new SsoError(
      'idp_error',
      'The identity provider sent no sign-in code. Start again.',
      new Error('the callback has neither code nor error'),
    );
  }
  if (jwks !== undefined) {
    return new SsoError(
      'id_token_invalid',
      ID_TOKEN_MESSAGE,
      new Error(`the provider's signing keys could not be fetched: ${jwks.message}`),
    );
  }
  const exchange = (detail: string) =>
    new SsoError('token_exchange_failed', EXCHANGE_MESSAGE, new Error(detail));
  if (answer !== undefined) return exchange(`the token endpoint ${describeAnswer(answer)}`);
  if (idp !== undefined || inner instanceof NotBearer) return exchange((idp ?? inner).message);
  if (/JWT|ID Token/.test(inner.message)) {
    return new SsoError('id_token_invalid', ID_TOKEN_MESSAGE, new Error(idTokenDetail(chain)));
  }
  return exchange(`the token response is not usable: ${inner.message}`);
}

/** OpenID Connect Core 1.0 §3.1.3.7 item 10: openid-client does not look at iat. */
function checkIssuedAt(claims: Record<string, unknown>, now: number): void {
  const iat = claims.iat as number;
  if (iat > now / 1000 + CLOCK_LEEWAY_S) {
    throw new SsoError(
      'id_token_invalid',
      ID_TOKEN_MESSAGE,
      new Error(`the ID token was issued in the future (${iat}; it is now ${Math.floor(now / 1000)})`),
    );
  }
}

/**
 * Checks the authorization response (RFC 9207 iss, state, error), redeems the code at the token
 * endpoint with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5), and validates the ID token
 * (OpenID Connect Core 1.0 §3.1.3.7: signature, iss, aud, azp, exp, nonce), all by openid-client.
 * Throws SsoError: idp_error, state_mismatch, token_exchange_failed or id_token_invalid.
 */
export async function exchangeCode(
  config: Configuration,
  callback: URL,
  checks: CallbackChecks,
  now: number,
): Promise<ProviderTokens> {
  let accessToken: string;
  let idClaims: Record<string, unknown> | undefined;
  try {
    const tokens = await authorizationCodeGrant(config, callback, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    accessToken = tokens.access_token;
    idClaims = tokens.claims() as Record<string, unknown> | undefined;
  } catch (err) {
    throw callbackFailure(err);
  }
  if (idClaims === undefined) throw callbackFailure(new Error('the token response has no id_token'));
  checkIssuedAt(idClaims, now);
  return { accessToken, idClaims: { ...idClaims } };
}
