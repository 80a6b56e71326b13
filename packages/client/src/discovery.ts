import { TokenError } from './errors.js';
import { exchange, type HttpAnswer, type HttpPolicy } from './http.js';
import { parseEndpointUrl } from './urls.js';

const WELL_KNOWN = '/.well-known/oauth-authorization-server';

/**
 * RFC 8414 §3.1 puts the well-known segment before the issuer's path; a server mounted under a
 * path (behind a proxy) often serves it after instead, so that is the fallback on a 404.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') return [`${url.origin}${WELL_KNOWN}`];
  return [`${url.origin}${WELL_KNOWN}${path}`, `${url.origin}${path}${WELL_KNOWN}`];
}

function failure(issuer: string, reason: string, details: { status?: number; cause?: unknown } = {}) {
  return new TokenError('ERR_DISCOVERY', `discovery of issuer ${issuer} failed: ${reason}`, details);
}

async function fetchMetadata(issuer: string, http: HttpPolicy): Promise<{ url: string; answer: HttpAnswer }> {
  const urls = metadataUrls(issuer);
  for (const [index, url] of urls.entries()) {
    let answer: HttpAnswer;
    try {
      answer = await exchange(http, url, () => ({ headers: { accept: 'application/json' } }), `GET ${url}`);
    } catch (error) {
      throw failure(issuer, (error as Error).message, { cause: error });
    }
    if (answer.status !== 404 || index === urls.length - 1) return { url, answer };
  }
  throw new Error('unreachable: metadataUrls returns at least one URL');
}

/** Fetches the issuer's metadata and returns its token endpoint, after checking both. */
async function discoverTokenEndpoint(issuer: string, http: HttpPolicy): Promise<string> {
  const { url, answer } = await fetchMetadata(issuer, http);
  if (answer.status !== 200) {
    throw failure(issuer, `GET ${url} answered ${answer.status}`, { status: answer.status });
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(answer.text);
  } catch {
    throw failure(issuer, `GET ${url} answered with a body that is not JSON`);
  }
  if (typeof metadata !== 'object' || metadata === null) throw failure(issuer, 'metadata is not an object');
  const { issuer: named, token_endpoint: tokenEndpoint } = metadata as Record<string, unknown>;
  // RFC 8414 §3.3: metadata naming another issuer must not be used (it may be an impersonation).
  if (typeof named !== 'string' || named.replace(/\/+$/, '') !== issuer) {
    throw failure(issuer, `metadata names issuer ${JSON.stringify(named)}, not ${issuer}`);
  }
  const endpoint = parseEndpointUrl(tokenEndpoint);
  if (!endpoint) {
    throw failure(issuer, 'metadata has no token_endpoint, or one that is not an https URL');
  }
  return endpoint.href;
}

/** The token endpoint, discovered once and then cached; a failed discovery is tried again next time. */
export function createEndpointResolver(
  endpoint: { issuer: string } | { tokenEndpoint: string },
  http: HttpPolicy,
): () => Promise<string> {
  if ('tokenEndpoint' in endpoint) {
    const known = Promise.resolve(endpoint.tokenEndpoint);
    return () => known;
  }
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= discoverTokenEndpoint(endpoint.issuer, http).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
