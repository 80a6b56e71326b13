import type { Claims } from '@gatehouse/schemas';
import { UsageError } from './errors.js';

/**
 * `KEY=VALUE` from the command line. The value is read as JSON when it parses as JSON (true,
 * false, numbers, "quoted strings", objects, arrays), and as a plain string otherwise: `tier=3`
 * is the number 3, `name=acme` the string "acme". To force a string that looks like JSON, quote
 * it as JSON (`zip='"01234"'`) or give it with `--string KEY=VALUE`.
 */
export function parseClaimPair(pair: string, asString = false): [string, unknown] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`"${pair}" is not KEY=VALUE`);
  const key = pair.slice(0, eq);
  const raw = pair.slice(eq + 1);
  if (asString) return [key, raw];
  try {
    return [key, JSON.parse(raw) as unknown];
  } catch {
    return [key, raw];
  }
}

/** Every pair, the --string ones after the others; a key given twice is a usage error. */
export function parseClaimPairs(pairs: readonly string[], strings: readonly string[]): Claims {
  const claims: Claims = {};
  const entries = [...pairs.map((p) => parseClaimPair(p)), ...strings.map((p) => parseClaimPair(p, true))];
  for (const [key, value] of entries) {
    if (Object.hasOwn(claims, key)) throw new UsageError(`claim "${key}" is given twice`);
    claims[key] = value;
  }
  return claims;
}

/** A value as the human output shows it: strings bare, everything else as JSON. */
export function showClaimValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
