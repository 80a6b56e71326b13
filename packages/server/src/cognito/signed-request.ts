import type { IncomingMessage } from 'node:http';
import type { VerifiedCaller } from '../services/access-keys/request-verifier.js';
import { SignatureRefused } from '../services/access-keys/signature-refused.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import { CognitoError } from './errors.js';

/** Who signed a request to an admin or management operation, and the actor that acts for them. */
export type SignedCaller = VerifiedCaller;

/**
 * Checks the AWS Signature Version 4 of a request to a signed operation against Gatehouse's
 * access keys. A refusal carries AWS's `__type` and words, with the 400 status AWS's JSON
 * services give every authentication failure.
 */
export async function verifySignedRequest(
  gatehouse: OpenGatehouse,
  req: IncomingMessage,
  body: Buffer,
): Promise<SignedCaller> {
  const ua = req.headers['user-agent'];
  try {
    return await gatehouse.accessKeys.verifyRequest(
      { method: req.method ?? 'POST', url: req.url ?? '/', rawHeaders: req.rawHeaders, body },
      { ip: req.socket.remoteAddress ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null },
    );
  } catch (error) {
    if (error instanceof SignatureRefused) throw new CognitoError(error.type, error.message);
    throw error;
  }
}
