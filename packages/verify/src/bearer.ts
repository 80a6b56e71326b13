import { VerifyError } from './errors.js';

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const EXPECTED = 'Bearer <token>';

/**
 * Extracts the access token from an `Authorization` header value: the `Bearer` scheme
 * (any case), one or more spaces, exactly one RFC 6750 b64token, nothing else.
 *
 * Throws `VerifyError` `ERR_TOKEN_MALFORMED` with `failedAssertion.claim === 'Authorization'`
 * and `actual` set to the scheme the request used (never the credentials):
 * - no header, an empty one, or another scheme (`Basic …`): `actual` is `undefined` or that
 *   scheme. `toHttpError` answers 401 with a bare `Bearer` challenge, no error code (RFC 6750 §3.1).
 * - `Bearer` without a token, with several, or with characters a token cannot have: `actual`
 *   is the scheme as sent. `toHttpError` answers 401 with `error="invalid_request"`.
 *
 * @example
 * ```ts
 * const token = bearerToken(req.headers.authorization); // 'eyJhbGciOi...'
 * const claims = await verifier.verify(token);
 * ```
 */
export function bearerToken(header: string | undefined): string {
  const value = typeof header === 'string' ? header.trim() : '';
  if (value === '') {
    throw new VerifyError('ERR_TOKEN_MALFORMED', 'the request has no Authorization header', {
      claim: 'Authorization',
      actual: undefined,
      expected: EXPECTED,
    });
  }
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    // Only a plausible scheme name is reported back: a bare token must not end up in a log.
    const shown = /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(scheme) && space !== -1 ? scheme : 'unknown';
    throw new VerifyError(
      'ERR_TOKEN_MALFORMED',
      `the Authorization header uses the ${shown} scheme, not Bearer`,
      {
        claim: 'Authorization',
        actual: shown,
        expected: EXPECTED,
      },
    );
  }
  const token = space === -1 ? '' : value.slice(space + 1).trimStart();
  if (!B64TOKEN.test(token)) {
    const problem =
      token === '' ? 'has no token' : / /.test(token) ? 'has more than one token' : 'is not a token';
    throw new VerifyError('ERR_TOKEN_MALFORMED', `the Bearer credential ${problem}`, {
      claim: 'Authorization',
      actual: scheme,
      expected: EXPECTED,
    });
  }
  return token;
}
