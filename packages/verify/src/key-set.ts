import type { KeyObject } from 'node:crypto';
import { type AssertionAlg, importPublicJwks } from '@gatehouse/jws';

/** One verification key, ready for node:crypto, with the public JWK it came from (for export). */
export interface KeyEntry {
  kid: string;
  /** The `alg` the JWK pins, if any: a token must then use exactly this one. */
  alg: AssertionAlg | undefined;
  key: KeyObject;
  jwk: Record<string, unknown>;
}

/** A JWKS may be big only by mistake or malice. */
const MAX_KEYS = 100;

/**
 * Imports the usable keys of a JWKS into a kid → key map. Keys Gatehouse would not publish
 * (no kid, symmetric, `use: enc`, weak RSA, private members, unknown type) are skipped, as
 * RFC 7517 §5 asks; a document that is not a JWKS, or has no usable key at all, throws.
 */
export function importKeySet(jwks: unknown): Map<string, KeyEntry> {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw new Error('not a JWKS (a JSON object with a "keys" array)');
  }
  const keys = (jwks as { keys: unknown[] }).keys;
  if (keys.length > MAX_KEYS) throw new Error(`a JWKS with ${keys.length} keys is not plausible`);
  const out = new Map<string, KeyEntry>();
  for (const jwk of keys) {
    const kid = (jwk as { kid?: unknown } | null)?.kid;
    if (typeof kid !== 'string' || kid === '' || out.has(kid)) continue;
    let imported;
    try {
      [imported] = importPublicJwks({ keys: [jwk] });
    } catch {
      continue;
    }
    if (imported === undefined) continue;
    const alg = imported.alg as AssertionAlg | undefined;
    const exported = imported.key.export({ format: 'jwk' });
    out.set(kid, {
      kid,
      alg,
      key: imported.key,
      jwk: { ...exported, kid, ...(alg === undefined ? {} : { alg }), use: 'sig' },
    });
  }
  if (out.size === 0) throw new Error('the JWKS has no usable signing key');
  return out;
}
