/** How long Gatehouse waits for any answer from the identity provider. */
export const IDP_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 512 * 1024;

export type Fetch = typeof fetch;

export interface JsonAnswer {
  status: number;
  headers: Headers;
  /** The body when it is a JSON object, else undefined. */
  json: Record<string, unknown> | undefined;
}

/** A failed exchange with the identity provider; its message names the URL and what went wrong, never a credential. */
export class IdpHttpError extends Error {
  override name = 'IdpHttpError';
}

async function readLimited(response: Response, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    // Cancelling closes the connection now, rather than leaving it to stream until the timeout.
    await response.body?.cancel().catch(() => undefined);
    throw new IdpHttpError(`${url} answered with ${declared} bytes, too many`);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES)
      throw new IdpHttpError(`${url} answered with more than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends one request to the identity provider with a timeout, without following redirects, and
 * reads a bounded body. Throws IdpHttpError when there is no answer; any status is returned.
 */
export async function requestJson(
  fetchImpl: Fetch,
  url: string,
  init: RequestInit = {},
): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
      headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
    });
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer in ${IDP_TIMEOUT_MS} ms`
        : 'unreachable';
    throw new IdpHttpError(`${init.method ?? 'GET'} ${url}: ${reason}`, { cause: err });
  }
  let text: string;
  try {
    text = await readLimited(response, url);
  } catch (err) {
    if (err instanceof IdpHttpError) throw err;
    throw new IdpHttpError(`${url}: the answer could not be read`, { cause: err });
  }
  let json: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      json = value as Record<string, unknown>;
    }
  } catch {
    // Not JSON: the caller decides whether that matters.
  }
  return { status: response.status, headers: response.headers, json };
}

/** The `error` and `error_description` of an OAuth error answer, trimmed to printable ASCII. */
export function describeOAuthError(json: Record<string, unknown> | undefined): string {
  const clean = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v.replace(/[^\x20-\x7e]/g, '').slice(0, 300) : undefined;
  const error = clean(json?.error);
  const description = clean(json?.error_description);
  if (error === undefined) return 'no OAuth error in the answer';
  return description === undefined ? error : `${error}: ${description}`;
}
