import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.allocUnsafe(0);
let offset = 0;

/**
 * `n` bytes (at most 4 KiB) from the system's CSPRNG, read 4 KiB at a time: one call into
 * OpenSSL per hundred or so tokens on the token path rather than one per token. Each byte is
 * handed out once. The view shares memory with the pool, so encode or copy it at once.
 */
export function randomView(n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > POOL_BYTES) throw new RangeError(`randomView: ${n} bytes`);
  if (offset + n > pool.length) {
    // A fresh buffer, never a refill: views handed out earlier keep their bytes.
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const view = pool.subarray(offset, offset + n);
  offset += n;
  return view;
}
