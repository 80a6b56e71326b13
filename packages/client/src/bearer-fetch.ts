/** What the fetch wrapper needs from the token client. */
export interface TokenSource {
  getToken(): Promise<string>;
  /** Drops `refused` from the cache, if it is still there, so the next getToken gets a new one. */
  drop(refused: string): void;
}

/**
 * Whether the request can be sent a second time. Strings, buffers, typed arrays, URLSearchParams,
 * Blob and FormData can; a ReadableStream (or a Request carrying a body) is consumed by the first try.
 */
function isReplayable(input: string | URL | Request, init: RequestInit | undefined): boolean {
  const body = init?.body;
  if (body === undefined || body === null) return !(input instanceof Request && input.body !== null);
  return (
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData
  );
}

/** RFC 6750 §3.1: a Bearer challenge saying the token itself was refused (expired, revoked, ...). */
function isInvalidTokenChallenge(response: Response): boolean {
  if (response.status !== 401) return false;
  const challenge = response.headers.get('www-authenticate') ?? '';
  return (
    /\bbearer\b/i.test(challenge) && /(?:^|[\s,])error\s*=\s*"?invalid_token"?(?=$|[\s,])/i.test(challenge)
  );
}

function withBearer(
  input: string | URL | Request,
  init: RequestInit | undefined,
  token: string,
): RequestInit {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/**
 * fetch with `Authorization: Bearer <token>`. On a 401 whose challenge says `invalid_token` it
 * drops that token and, when the body can be sent again, gets a new one and retries once; the
 * second answer is returned whatever it is, so a server that refuses every token cannot make it loop.
 */
export function createBearerFetch(
  fetchImpl: typeof fetch,
  tokens: TokenSource,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const token = await tokens.getToken();
    const response = await fetchImpl(input, withBearer(input, init, token));
    if (!isInvalidTokenChallenge(response)) return response;
    // Concurrent refusals of one token drop it once, then share one refresh.
    tokens.drop(token);
    if (!isReplayable(input, init)) return response;
    // Read nothing from the refused answer; cancelling frees its connection.
    await response.body?.cancel().catch(() => undefined);
    return fetchImpl(input, withBearer(input, init, await tokens.getToken()));
  };
}
