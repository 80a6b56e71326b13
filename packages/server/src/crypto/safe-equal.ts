import { timingSafeEqual } from 'node:crypto';
import { digestOf } from './one-shot-hash.js';

/** Compares two strings in time that does not depend on where they differ, nor on their lengths. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digestOf('sha256', a), digestOf('sha256', b));
}
