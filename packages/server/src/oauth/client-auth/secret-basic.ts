import { single } from '../form-request.js';
import { InvalidClient, InvalidRequest } from '../errors.js';
import type { ClientAuthMethod } from './method.js';
import { checkSecret } from './secret.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined and base64-encoded. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

export function parseBasic(header: string): { clientId: string; secret: string } {
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'basic') throw new InvalidClient('unsupported authorization scheme');
  const encoded = header.slice(space + 1).trim();
  if (encoded.length > 4096 || !BASE64.test(encoded)) throw new InvalidClient('malformed Basic credentials');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new InvalidClient('malformed Basic credentials');
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new InvalidClient('malformed Basic credentials');
  }
}

/**
 * RFC 6749 §2.3.1: "The authorization server MUST support the HTTP Basic authentication scheme
 * for authenticating clients that were issued a client password." So every client with a secret
 * may use Basic, whatever method it registered; the registered method still says which other
 * way (the form body) it may use, and private_key_jwt clients have no password to send.
 */
const SECRET_CLIENTS = ['client_secret_basic', 'client_secret_post'] as const;

export const secretBasic: ClientAuthMethod = {
  method: 'client_secret_basic',
  present: (ctx) => ctx.headers.authorization !== undefined,
  async authenticate(ctx) {
    const { clientId, secret } = parseBasic(ctx.headers.authorization ?? '');
    const bodyId = single(ctx.params, 'client_id');
    if (bodyId !== undefined && bodyId !== clientId) {
      throw new InvalidRequest('client_id in the body does not match the Authorization header');
    }
    return checkSecret(ctx, clientId, secret, SECRET_CLIENTS);
  },
};
