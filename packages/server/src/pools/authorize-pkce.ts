import type { RawParams } from './authorize-params.js';
import { readSingle } from './authorize-params.js';
import { isS256Challenge } from './pkce.js';

/**
 * The PKCE half of an authorization request (RFC 7636 §4.3): S256 only, required for public
 * clients and for confidential ones whose settings say so. A missing method means `plain`
 * (RFC 7636 §4.3), so it is refused like `plain` itself.
 */
export function checkPkceRequest(
  params: RawParams,
  client: { public: boolean; settings: { requirePkce: boolean } },
): { ok: true; challenge: string | undefined } | { ok: false; description: string } {
  const challenge = readSingle(params, 'code_challenge', 128);
  if (!challenge.ok) return challenge;
  const method = readSingle(params, 'code_challenge_method', 32);
  if (!method.ok) return method;
  if (challenge.value === undefined) {
    if (method.value !== undefined)
      return { ok: false, description: 'code_challenge_method was sent without code_challenge' };
    if (client.public || client.settings.requirePkce) {
      return {
        ok: false,
        description: 'this client must use PKCE: send code_challenge with code_challenge_method=S256',
      };
    }
    return { ok: true, challenge: undefined };
  }
  if (method.value !== 'S256') {
    return { ok: false, description: 'code_challenge_method must be S256; plain is not allowed' };
  }
  if (!isS256Challenge(challenge.value)) {
    return {
      ok: false,
      description: 'code_challenge must be 43 base64url characters (the S256 of the verifier)',
    };
  }
  return { ok: true, challenge: challenge.value };
}
