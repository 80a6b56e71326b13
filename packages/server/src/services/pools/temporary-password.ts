import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '^$*.[]{}()?-!@#%&/,><:;|_~+=';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** Below this, a generated password is made longer than the pool asks: it is never typed twice. */
const MIN_GENERATED = 16;

const pick = (chars: string): string => chars.charAt(randomInt(chars.length));

/**
 * A random temporary password at least as long as the pool's minimum (NIST has no composition
 * rules, but tools written for Cognito's default policy expect one lower-case letter, one
 * upper-case letter, one digit and one symbol, so it has each). Unambiguous letters only,
 * since a person copies it from an email.
 */
export function generateTemporaryPassword(minLength: number): string {
  const length = Math.max(minLength, MIN_GENERATED);
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher-Yates, so the required classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
