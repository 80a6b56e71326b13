import { randomView } from './random-pool.js';

/**
 * A UUID version 7 (RFC 9562 §5.7): the time in milliseconds, then 74 random bits. Ids made
 * later sort later, so a store's primary key index takes new rows at its end instead of on a
 * random page; the random part keeps them unguessable.
 */
export function timeOrderedUuid(now: number): string {
  const bytes = randomView(16);
  bytes.writeUIntBE(Math.floor(now), 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
