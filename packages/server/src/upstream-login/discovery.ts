import { ASSERTION_ALGS, type AssertionAlg } from '@gatehouse/jws';
import {
  allowInsecureRequests,
  type Configuration,
  customFetch,
  type CustomFetch,
  discovery,
  None,
  type ServerMetadata,
} from 'openid-client';
import { SsoError } from './errors.js';
import { failureChain, httpStatusOf } from './failures.js';
import { IDP_TIMEOUT_MS } from './provider-fetch.js';

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
  /** What openid-client is given: the checked values above, and nothing else of the document. */
  server: ServerMetadata;
}

const USER_MESSAGE =
  'Single sign-on is unavailable: the identity provider could not be reached or is misconfigured.';

/** OpenID Connect Discovery 1.0 §4: the issuer without a trailing '/', then the well-known path. */
function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function fail(detail: string): never {
  throw new SsoError('discovery_failed', USER_MESSAGE, new Error(detail));
}

/**
 * openid-client refuses plain http unless told otherwise; Gatehouse allows it exactly where the
 * issuer itself is plain http, which the settings allow on loopback only.
 */
export function insecureRequests(issuer: string): ((config: Configuration) => void)[] {
  return new URL(issuer).protocol === 'http:' ? [allowInsecureRequests] : [];
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

function mismatch(url: string, named: unknown, issuer: string): string {
  return (
    `the provider at ${url} names itself ${JSON.stringify(named)}, but GATEHOUSE_SSO_ISSUER is "${issuer}": ` +
    'they must be exactly equal (OpenID Connect Discovery 1.0 §4.3)'
  );
}

async function fetchDocument(
  issuer: string,
  clientId: string,
  fetchImpl: CustomFetch,
): Promise<Record<string, unknown>> {
  const url = discoveryUrl(issuer);
  try {
    const config = await discovery(new URL(issuer), clientId, undefined, None(), {
      [customFetch]: fetchImpl,
      timeout: IDP_TIMEOUT_MS / 1000,
      execute: insecureRequests(issuer),
    });
    return config.serverMetadata() as unknown as Record<string, unknown>;
  } catch (err) {
    const { inner, details, idp } = failureChain(err);
    if (details?.attribute === 'issuer') {
      return fail(mismatch(url, (details.body as Record<string, unknown> | undefined)?.issuer, issuer));
    }
    const status = httpStatusOf(details);
    if (status !== undefined) return fail(`GET ${url} answered ${status}`);
    return fail(idp?.message ?? `GET ${url} failed: ${inner.message}`);
  }
}

/** Fetches and checks the provider's metadata. Throws SsoError `discovery_failed`. */
export async function discoverProvider(
  issuer: string,
  clientId: string,
  fetchImpl: CustomFetch,
): Promise<ProviderMetadata> {
  const doc = await fetchDocument(issuer, clientId, fetchImpl);
  // openid-client compares issuers as parsed URLs; Gatehouse wants them exactly equal.
  if (doc.issuer !== issuer) fail(mismatch(discoveryUrl(issuer), doc.issuer, issuer));
  const base = new URL(issuer);
  const responseTypes = doc.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes('code')) {
    fail('the provider does not support the authorization code flow (response_types_supported lacks "code")');
  }
  const metadata = {
    issuer,
    authorizationEndpoint: endpoint(doc, 'authorization_endpoint', base),
    tokenEndpoint: endpoint(doc, 'token_endpoint', base),
    jwksUri: endpoint(doc, 'jwks_uri', base),
    userinfoEndpoint: optionalEndpoint(doc, 'userinfo_endpoint', base),
    idTokenAlgs: idTokenAlgs(doc),
    issParameter: doc.authorization_response_iss_parameter_supported === true,
  };
  const server: ServerMetadata = {
    issuer,
    authorization_endpoint: metadata.authorizationEndpoint,
    token_endpoint: metadata.tokenEndpoint,
    jwks_uri: metadata.jwksUri,
    userinfo_endpoint: metadata.userinfoEndpoint,
    // ID tokens signed otherwise are refused: never `none`, never HS*.
    id_token_signing_alg_values_supported: metadata.idTokenAlgs,
    authorization_response_iss_parameter_supported: metadata.issParameter,
  };
  return { ...metadata, server };
}
