import { createAssertionSigner } from './assertion.js';
import type { Credentials } from './settings.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Puts the client's credentials on one token request, and keeps them out of anything else. */
export interface ClientAuthentication {
  apply(form: URLSearchParams, headers: Headers, tokenEndpoint: string): void;
  /** Blanks the secret wherever a server's text repeats it, before that text reaches an error. */
  scrub(text: string): string;
}

/** RFC 6749 §2.3.1: each half is application/x-www-form-urlencoded before the two are joined. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')}`;
}

function scrubber(secret: string): (text: string) => string {
  return (text) => (text.includes(secret) ? text.split(secret).join('[redacted]') : text);
}

export function createClientAuthentication(
  clientId: string,
  credentials: Credentials,
  now: () => number,
): ClientAuthentication {
  switch (credentials.method) {
    case 'client_secret_basic': {
      const authorization = basicAuthorization(clientId, credentials.secret);
      return {
        apply: (_form, headers) => headers.set('authorization', authorization),
        scrub: scrubber(credentials.secret),
      };
    }
    case 'client_secret_post': {
      const { secret } = credentials;
      return {
        apply(form) {
          form.set('client_id', clientId);
          form.set('client_secret', secret);
        },
        scrub: scrubber(secret),
      };
    }
    case 'private_key_jwt': {
      const sign = createAssertionSigner(clientId, credentials);
      return {
        // A fresh assertion per try: the server accepts each jti once.
        apply(form, _headers, tokenEndpoint) {
          form.set('client_id', clientId);
          form.set('client_assertion_type', JWT_BEARER);
          form.set('client_assertion', sign(tokenEndpoint, now()));
        },
        scrub: (text) => text,
      };
    }
  }
}
