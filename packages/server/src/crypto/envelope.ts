import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

// Envelope encryption for data at rest (private signing keys): AES-256-GCM under the master key.
// Format: v1.<iv>.<ciphertext>.<tag>, each base64url. The version lets the scheme change later.

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_LABEL = 'gatehouse master key check';

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

function requireKey(masterKey: Buffer): void {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) {
    throw new TypeError(`master key must be ${KEY_BYTES} bytes`);
  }
}

/**
 * Encrypts `plaintext`. `aad` (e.g. the row's kid) is authenticated but not stored, so a sealed
 * value copied to another row fails to open there.
 */
export function seal(masterKey: Buffer, plaintext: Buffer, aad: string): string {
  requireKey(masterKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${tag.toString('base64url')}`;
}

/** Decrypts a value from seal(). Any failure is one EnvelopeError: which check failed is no one's business. */
export function open(masterKey: Buffer, sealed: string, aad: string): Buffer {
  try {
    requireKey(masterKey);
    const parts = sealed.split('.');
    const [version, ivPart, ctPart, tagPart] = parts;
    if (
      parts.length !== 4 ||
      version !== VERSION ||
      ivPart === undefined ||
      ctPart === undefined ||
      tagPart === undefined
    ) {
      throw new Error('format');
    }
    const iv = Buffer.from(ivPart, 'base64url');
    const tag = Buffer.from(tagPart, 'base64url');
    // A short tag would be accepted by OpenSSL and weaken GCM's integrity, so insist on the full 16 bytes.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('format');
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctPart, 'base64url')), decipher.final()]);
  } catch {
    throw new EnvelopeError('cannot decrypt: wrong master key or corrupted data');
  }
}

/**
 * A non-secret fingerprint of the master key, stored beside the data so that a server started
 * with a different master key refuses to start instead of failing on the first token.
 */
export function keyCheckValue(masterKey: Buffer): string {
  requireKey(masterKey);
  return createHmac('sha256', masterKey).update(CHECK_LABEL).digest('base64url').slice(0, 16);
}
