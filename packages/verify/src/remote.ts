import { readCapped } from '@gatehouse/jws';
/** Metadata and JWKS are small; anything bigger is not what we asked for. */
const MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;

export class RemoteError extends Error {
  override name = 'RemoteError';
  /** The HTTP status, when the server answered with one other than 200. */
  status?: number;
  /**
   * The server answered, but nothing of the kind is at this URL (404, or a page that is not
   * JSON, such as a web app's fallback): usually a configured URL that is wrong.
   */
  misplaced?: boolean;
}

/**
 * GETs a JSON object of at most `maxBytes` (the body is read no further than that). Throws
 * RemoteError naming the URL and the problem (never a response body).
 */
export async function fetchJsonObject(
  fetchFn: typeof fetch,
  url: string,
  what: string,
  maxBytes = MAX_BYTES,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new RemoteError(`${what} ${url}: request failed (${describe(error)})`, { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    const error = new RemoteError(`${what} ${url}: HTTP ${response.status}`);
    error.status = response.status;
    error.misplaced = response.status === 404;
    throw error;
  }
  const tooLarge = () => new RemoteError(`${what} ${url}: larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  let text: string | undefined;
  try {
    text = await readCapped(response, maxBytes);
  } catch (error) {
    throw new RemoteError(`${what} ${url}: reading the body failed (${describe(error)})`, { cause: error });
  }
  if (text === undefined) throw tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type');
    const error = new RemoteError(
      `${what} ${url}: not JSON${type === null ? '' : ` (${type.slice(0, 100)})`}`,
    );
    error.misplaced = true;
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RemoteError(`${what} ${url}: not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
