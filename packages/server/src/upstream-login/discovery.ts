import { ASSERTION_ALGS, type AssertionAlg } from '@gatehouse/jws';
import { SsoError } from './errors.js';
import { type Fetch, IdpHttpError, type JsonAnswer, requestJson } from './provider-http.js';

/** What Gatehouse uses of an OpenID Provider's metadata (OpenID Connect Discovery 1.0 §3). */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint: string | undefined;
  /** ID token algorithms the provider uses that Gatehouse accepts: asymmetric only. */
  idTokenAlgs: AssertionAlg[];
  /** RFC 9207: the provider puts `iss` in every authorization response. */
  issParameter: boolean;
}

const USER_MESSAGE =
  'Single sign-on is unavailable: the identity provider could not be reached or is misconfigured.';

/** OpenID Connect Discovery 1.0 §4: the issuer without a trailing '/', then the well-known path. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function fail(detail: string, cause?: unknown): never {
  throw new SsoError(
    'discovery_failed',
    USER_MESSAGE,
    new Error(detail, cause === undefined ? {} : { cause }),
  );
}

function endpoint(doc: Record<string, unknown>, name: string, issuer: URL): string {
  const raw = doc[name];
  if (typeof raw !== 'string' || raw === '') return fail(`the provider metadata has no ${name}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`the provider metadata's ${name} is not an absolute URL`);
  }
  // Plain http only where the issuer itself is plain http, which the settings allow on loopback only.
  const secure = url.protocol === 'https:' || (issuer.protocol === 'http:' && url.protocol === 'http:');
  if (!secure || url.hash !== '' || url.username !== '' || url.password !== '') {
    return fail(
      `the provider metadata's ${name} must be an https URL without fragment or credentials, got ${raw}`,
    );
  }
  return raw;
}

function optionalEndpoint(doc: Record<string, unknown>, name: string, issuer: URL): string | undefined {
  return doc[name] === undefined ? undefined : endpoint(doc, name, issuer);
}

function idTokenAlgs(doc: Record<string, unknown>): AssertionAlg[] {
  const raw = doc.id_token_signing_alg_values_supported;
  // RS256 is the OpenID Connect default when a provider does not say.
  if (raw === undefined) return ['RS256'];
  if (!Array.isArray(raw)) return fail('id_token_signing_alg_values_supported is not an array');
  const accepted = ASSERTION_ALGS.filter((alg) => raw.includes(alg));
  if (accepted.length === 0) {
    return fail(
      `the provider signs ID tokens only with ${raw.map(String).join(', ')}; Gatehouse accepts ${ASSERTION_ALGS.join(', ')}`,
    );
  }
  return accepted;
}

/** Fetches and checks the provider's metadata. Throws SsoError `discovery_failed`. */
export async function discoverProvider(issuer: string, fetchImpl: Fetch): Promise<ProviderMetadata> {
  const url = discoveryUrl(issuer);
  let answer: JsonAnswer;
  try {
    answer = await requestJson(fetchImpl, url);
  } catch (err) {
    return fail(err instanceof IdpHttpError ? err.message : `GET ${url} failed`, err);
  }
  if (answer.status !== 200) return fail(`GET ${url} answered ${answer.status}`);
  const doc = answer.json;
  if (doc === undefined) return fail(`GET ${url} did not answer with a JSON object`);
  if (doc.issuer !== issuer) {
    return fail(
      `the provider at ${url} names itself ${JSON.stringify(doc.issuer)}, but GATEHOUSE_SSO_ISSUER is "${issuer}": ` +
        'they must be exactly equal (OpenID Connect Discovery 1.0 §4.3)',
    );
  }
  const base = new URL(issuer);
  const responseTypes = doc.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes('code')) {
    fail('the provider does not support the authorization code flow (response_types_supported lacks "code")');
  }
  return {
    issuer,
    authorizationEndpoint: endpoint(doc, 'authorization_endpoint', base),
    tokenEndpoint: endpoint(doc, 'token_endpoint', base),
    jwksUri: endpoint(doc, 'jwks_uri', base),
    userinfoEndpoint: optionalEndpoint(doc, 'userinfo_endpoint', base),
    idTokenAlgs: idTokenAlgs(doc),
    issParameter: doc.authorization_response_iss_parameter_supported === true,
  };
}
