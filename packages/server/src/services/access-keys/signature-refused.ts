/** The `__type` AWS gives each way a signed call can fail to authenticate. */
export type SignatureRefusal =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException';

/**
 * A signed request Gatehouse will not act on. The wire turns it into AWS's error shape; the
 * message follows AWS's words, and never says more about the key than AWS would.
 */
export class SignatureRefused extends Error {
  override name = 'SignatureRefused';
  constructor(
    readonly type: SignatureRefusal,
    message: string,
  ) {
    super(message);
  }
}

export const INVALID_TOKEN = 'The security token included in the request is invalid.';
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
