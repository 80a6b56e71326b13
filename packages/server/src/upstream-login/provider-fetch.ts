import type { CustomFetch } from 'openid-client';

/** How long Gatehouse waits for any answer from the identity provider. */
export const IDP_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 512 * 1024;
// Statuses whose answers carry no body; `new Response` refuses one for them.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export type Fetch = typeof fetch;

/** A failed exchange with the identity provider; its message names the URL and what went wrong, never a credential. */
export class IdpHttpError extends Error {
  override name = 'IdpHttpError';
}

async function readLimited(response: Response, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    // Cancelling closes the connection now, rather than leaving it to stream until the timeout.
    await response.body?.cancel().catch(() => undefined);
    throw new IdpHttpError(`${url} answered with ${declared} bytes, too many`);
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES)
      throw new IdpHttpError(`${url} answered with more than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** openid-client names itself and its version to the provider; Gatehouse sends fetch's default, as before. */
function withoutUserAgent(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'user-agent'));
}

/**
 * The fetch openid-client sends every request to the identity provider with: a timeout, no
 * redirect followed, and a body read only up to MAX_BODY_BYTES, so that a slow or hostile provider
 * can neither hold a sign-in open nor fill memory. Throws IdpHttpError when there is no usable
 * answer; any status is returned, with the body buffered.
 */
export function boundedFetch(fetchImpl: Fetch): CustomFetch {
  return async (url, options) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: options.method,
        headers: withoutUserAgent(options.headers),
        body: options.body as RequestInit['body'],
        redirect: 'manual',
        signal: options.signal ?? AbortSignal.timeout(IDP_TIMEOUT_MS),
      });
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer in ${IDP_TIMEOUT_MS} ms`
          : 'unreachable';
      throw new IdpHttpError(`${options.method} ${url}: ${reason}`, { cause: err });
    }
    let body: Buffer;
    try {
      body = await readLimited(response, url);
    } catch (err) {
      if (err instanceof IdpHttpError) throw err;
      throw new IdpHttpError(`${url}: the answer could not be read`, { cause: err });
    }
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
