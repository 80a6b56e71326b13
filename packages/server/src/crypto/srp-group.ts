import { createDiffieHellman, getDiffieHellman } from 'node:crypto';

/**
 * The 3072-bit group of RFC 5054 appendix A (the same prime as RFC 3526 group 15), generator 2:
 * the group Cognito's SRP uses. OpenSSL knows it by name, so the prime is not copied here.
 */
const PRIME = getDiffieHellman('modp15').getPrime();

export const N_BYTES = PRIME.length;
export const N: bigint = BigInt(`0x${PRIME.toString('hex')}`);
export const G = 2n;

// One engine for the process: modPowN sets its private key and computes at once, synchronously,
// so no two calls ever share it halfway. Built from the prime without a primality check.
const engine = createDiffieHellman(PRIME, Buffer.from([Number(G)]));

export function toBytes(value: bigint, length?: number): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  if (length === undefined || bytes.length >= length) return bytes;
  return Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

export const fromBytes = (bytes: Buffer): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);

/**
 * base^exponent mod N by OpenSSL (Montgomery, constant time in the exponent, which is always the
 * secret here: b, x or u), about 20 times faster than a BigInt loop. A Diffie-Hellman "shared
 * secret" is exactly this power; OpenSSL refuses 0, 1 and N-1 as a peer's value, whose powers
 * are known anyway.
 */
export function modPowN(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent < 0n) throw new RangeError('negative exponent');
  if (exponent === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  if (b === N - 1n) return exponent % 2n === 0n ? 1n : b;
  engine.setPrivateKey(toBytes(exponent));
  return fromBytes(engine.computeSecret(toBytes(b, N_BYTES)));
}
