import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';

interface OneShot {
  (algorithm: string, data: string, encoding: 'buffer'): Buffer;
  (algorithm: string, data: string, encoding: 'base64url'): string;
}

/**
 * crypto.hash (Node 20.12 and later) hashes a string in one call, without a Hash object: about
 * a third of the time for the short values the token path hashes several times per grant.
 */
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;

/** The digest of a string's UTF-8 bytes. */
export function digestOf(algorithm: string, text: string): Buffer {
  return oneShot ? oneShot(algorithm, text, 'buffer') : createHash(algorithm).update(text, 'utf8').digest();
}

/** The digest of a string's UTF-8 bytes, as base64url. */
export function digestBase64url(algorithm: string, text: string): string {
  return oneShot
    ? oneShot(algorithm, text, 'base64url')
    : createHash(algorithm).update(text, 'utf8').digest('base64url');
}
