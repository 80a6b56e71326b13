import { SsoError } from './errors.js';
import {
  describeOAuthError,
  type Fetch,
  IdpHttpError,
  type JsonAnswer,
  requestJson,
} from './provider-http.js';

export interface CodeExchange {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
}

export interface ProviderTokens {
  accessToken: string;
  idToken: string;
}

const USER_MESSAGE = 'The identity provider did not complete the sign-in. Try again.';

function fail(detail: string, cause?: unknown): never {
  throw new SsoError(
    'token_exchange_failed',
    USER_MESSAGE,
    new Error(detail, cause === undefined ? {} : { cause }),
  );
}

/** RFC 6749 Appendix B: application/x-www-form-urlencoded, as client_secret_basic wants for each half. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** RFC 6749 §2.3.1 client_secret_basic: each of client id and secret form-encoded, then Basic. */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
}

/**
 * Redeems an authorization code at the token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.5) and
 * returns the access and ID tokens. Throws SsoError `token_exchange_failed`.
 */
export async function exchangeCode(exchange: CodeExchange, fetchImpl: Fetch): Promise<ProviderTokens> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    code_verifier: exchange.codeVerifier,
  });
  let answer: JsonAnswer;
  try {
    answer = await requestJson(fetchImpl, exchange.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: clientSecretBasic(exchange.clientId, exchange.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });
  } catch (err) {
    return fail(err instanceof IdpHttpError ? err.message : 'the token request failed', err);
  }
  const { status, json } = answer;
  if (status !== 200) {
    return fail(`the token endpoint answered ${status} (${describeOAuthError(json)})`);
  }
  if (json === undefined) return fail('the token endpoint did not answer with a JSON object');
  if (typeof json.access_token !== 'string' || json.access_token === '') {
    return fail('the token response has no access_token');
  }
  if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer') {
    return fail(`the token response has token_type ${JSON.stringify(json.token_type)}, not Bearer`);
  }
  if (typeof json.id_token !== 'string' || json.id_token === '') {
    return fail('the token response has no id_token: is the openid scope granted to this client?');
  }
  return { accessToken: json.access_token, idToken: json.id_token };
}
