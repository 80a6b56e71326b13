import { hasControlCharacters } from '@gatehouse/schemas';

/** Each parameter with every value it was sent with, in order; duplicates are the validator's call. */
export type RawParams = ReadonlyMap<string, readonly string[]>;

/** Caps on what a browser may make the server hold and echo; generous for real clients. */
export const AUTHORIZE_LIMITS = {
  /** The whole query or form: a URL longer than this is not a real client's. */
  request: 16 * 1024,
  clientId: 128,
  redirectUri: 2048,
  scope: 2048,
  state: 2048,
  nonce: 1024,
  loginHint: 256,
  resource: 2048,
} as const;

/**
 * Reads a GET query (without the `?`) or a POSTed form body (OIDC Core §3.1.2.1 allows both)
 * into a multi-map. Empty values count as absent (RFC 6749 §3.1). Never throws: refusing
 * duplicates and control characters needs to know whether the redirect URI is trusted yet.
 */
export function readAuthorizeParams(query: string | URLSearchParams): RawParams | 'too-large' {
  if (typeof query === 'string' && query.length > AUTHORIZE_LIMITS.request) return 'too-large';
  const params = new Map<string, string[]>();
  for (const [name, value] of typeof query === 'string' ? new URLSearchParams(query) : query) {
    if (value === '') continue;
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

export type ParamRead = { ok: true; value: string | undefined } | { ok: false; description: string };

/** One parameter's single value, or why it cannot be used: repeated, a control character, too long. */
export function readSingle(params: RawParams, name: string, max: number): ParamRead {
  const values = params.get(name);
  if (values === undefined) return { ok: true, value: undefined };
  if (values.length > 1) return { ok: false, description: `parameter "${name}" is included more than once` };
  const value = values[0] ?? '';
  if (hasControlCharacters(value))
    return { ok: false, description: `parameter "${name}" contains a control character` };
  if (value.length > max)
    return { ok: false, description: `parameter "${name}" is longer than ${max} characters` };
  return { ok: true, value };
}

/** Several single-valued parameters at once, each with its length cap; the first problem wins. */
export function readAll<K extends string>(
  params: RawParams,
  limits: Readonly<Record<K, number>>,
): { ok: true; values: Partial<Record<K, string>> } | { ok: false; description: string } {
  const values: Partial<Record<K, string>> = {};
  for (const name of Object.keys(limits) as K[]) {
    const read = readSingle(params, name, limits[name]);
    if (!read.ok) return read;
    if (read.value !== undefined) values[name] = read.value;
  }
  return { ok: true, values };
}
