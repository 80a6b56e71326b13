import type { IncomingMessage } from 'node:http';
import { SignatureRefused } from '../services/access-keys/signature-refused.js';
import type { Actor } from '../services/actor.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import type { AccessKeyPrincipal } from './access-key-principal.js';
import { CognitoError } from './errors.js';

/** Who signed a request to an admin or management operation, and the actor that acts for them. */
export interface SignedCaller {
  principal: AccessKeyPrincipal;
  actor: Actor;
}

/**
 * Checks the AWS Signature Version 4 of a request to a signed operation against the access key
 * it names; a refusal carries AWS's `__type` and words.
 */
export async function verifySignedRequest(
  gatehouse: OpenGatehouse,
  req: IncomingMessage,
  body: Buffer,
): Promise<SignedCaller> {
  const ua = req.headers['user-agent'];
  const origin = {
    ip: req.socket.remoteAddress ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
  };
  try {
    return await gatehouse.accessKeys.verifyRequest(
      { method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body },
      origin,
    );
  } catch (error) {
    if (error instanceof SignatureRefused) throw new CognitoError(error.type, error.message);
    throw error;
  }
}
