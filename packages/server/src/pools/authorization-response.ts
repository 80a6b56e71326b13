/**
 * Adds parameters to a registered redirect URI, keeping its own query exactly as registered
 * (RFC 6749 §3.1.2: "MUST be retained"). The URI is used as the string that was registered,
 * not re-serialized through URL, so the client sees the address it registered. Values are
 * form-encoded, so nothing a caller sent (state, a description) can break out of its parameter.
 */
export function appendQuery(
  uri: string,
  params: ReadonlyArray<readonly [string, string | undefined]>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of params) if (value !== undefined) query.append(name, value);
  const encoded = query.toString();
  if (encoded === '') return uri;
  const separator = !uri.includes('?') ? '?' : uri.endsWith('?') || uri.endsWith('&') ? '' : '&';
  return uri + separator + encoded;
}

/** RFC 6749 §4.1.2 success, with `iss` (RFC 9207 §2) so a client talking to several issuers cannot be mixed up. */
export function authorizationSuccessUrl(
  redirectUri: string,
  response: { code: string; state?: string | undefined; iss: string },
): string {
  return appendQuery(redirectUri, [
    ['code', response.code],
    ['state', response.state],
    ['iss', response.iss],
  ]);
}

/** RFC 6749 §4.1.2.1 error, also with `iss` (RFC 9207 §2: on error responses too). */
export function authorizationErrorUrl(
  redirectUri: string,
  response: { error: string; description?: string | undefined; state?: string | undefined; iss: string },
): string {
  return appendQuery(redirectUri, [
    ['error', response.error],
    ['error_description', response.description],
    ['state', response.state],
    ['iss', response.iss],
  ]);
}
