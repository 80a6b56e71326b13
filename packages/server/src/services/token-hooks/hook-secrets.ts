import { randomBytes } from 'node:crypto';
import { open, seal } from '../../crypto/envelope.js';

// Gatehouse signs each hook call with the hook's secret, so it must read it back: the secret
// is sealed under the master key (AES-256-GCM), bound to its resource server's id so that a
// sealed value copied to another row fails to open there.
const aad = (resourceServerId: string) => `token-hook:${resourceServerId}`;

/** The prefix says what the value is when it turns up in a config file or a secret scanner. */
export const HOOK_SECRET_PREFIX = 'ghhook_';

/** 256 random bits, base64url, with the prefix. */
export function newHookSecret(): string {
  return HOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export class HookSecrets {
  readonly #masterKey: Buffer;
  constructor(masterKey: Buffer) {
    this.#masterKey = masterKey;
  }

  seal(resourceServerId: string, secret: string): string {
    return seal(this.#masterKey, Buffer.from(secret, 'utf8'), aad(resourceServerId));
  }

  /** The HMAC key of the hook's signatures. Throws EnvelopeError when the value was not sealed for this row. */
  open(resourceServerId: string, sealed: string): Buffer {
    return open(this.#masterKey, sealed, aad(resourceServerId));
  }
}
