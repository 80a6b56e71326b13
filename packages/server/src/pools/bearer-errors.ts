import { OAuthError } from '../oauth/errors.js';

/**
 * RFC 6750 §3: a protected resource's refusal, with the `WWW-Authenticate: Bearer` challenge
 * carrying the same error code and description as the JSON body. Descriptions are fixed text
 * (no quotes or backslashes), so they go into the header as they are.
 */
export class BearerError extends OAuthError {
  constructor(
    status: 400 | 401 | 403,
    error: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
    description: string,
    realm: string,
  ) {
    super(status, error, description, {
      headers: {
        'www-authenticate': `Bearer realm="${realm}", error="${error}", error_description="${description}"`,
      },
    });
  }
}

/** RFC 6750 §3.1: no credentials at all get the bare challenge, without an error code. */
export function bareChallenge(realm: string): Record<string, string> {
  return { 'www-authenticate': `Bearer realm="${realm}"` };
}
