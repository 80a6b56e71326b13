import type { IncomingMessage } from 'node:http';
import type { Actor } from '../services/actor.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import type { AccessKeyPrincipal } from './access-key-principal.js';
import { unrecognizedClient } from './errors.js';

/** Who signed a request to an admin or management operation, and the actor that acts for them. */
export interface SignedCaller {
  principal: AccessKeyPrincipal;
  actor: Actor;
}

/**
 * Checks the AWS Signature Version 4 of a request to a signed operation. Without access keys
 * there is no key a signature could be made with, so every signed request is refused as
 * Cognito refuses an unknown key.
 */
export function verifySignedRequest(
  _gatehouse: OpenGatehouse,
  _req: IncomingMessage,
  _body: Buffer,
): Promise<SignedCaller> {
  return Promise.reject(unrecognizedClient('The security token included in the request is invalid.'));
}
