import {
  type AssertionAlg,
  type DecodedJwt,
  decodeJwt,
  keyFitsAlg,
  verifyJwsSignature,
} from '@gatehouse/jws';
import { parseCache, type VerifierCache } from './cache.js';
import {
  type AnyVerifiedClaims,
  checkClaims,
  type PoolAccessTokenClaims,
  type PoolIdTokenClaims,
  type VerifiedClaims,
} from './claims.js';
import { Discovery } from './discovery.js';
import { failed, VerifyError } from './errors.js';
import { KeyCache } from './key-cache.js';
import type { KeyEntry } from './key-set.js';
import type {
  MachineVerifierOptions,
  PoolAccessVerifierOptions,
  PoolAnyVerifierOptions,
  PoolIdVerifierOptions,
  AnyVerifierOptions,
  VerifyOptions,
} from './options.js';
import { RevocationPoller } from './revocation.js';
import { resolveSettings, type Settings } from './settings.js';
import { expectedTyp, typAllowed } from './token-use.js';

/**
 * Verifies Gatehouse tokens: machine access tokens by default, a pool's tokens when created
 * with `tokenUse`. `C` is what `verify()` resolves to. Create one per API at start-up and share it.
 */
export interface Verifier<C extends AnyVerifiedClaims = VerifiedClaims> {
  /**
   * Verifies a JWT access token (without the `Bearer ` prefix). Resolves to its claims, or
   * rejects with a `VerifyError` carrying a stable `code` (and `failedAssertion` where a claim failed).
   */
  verify(token: string, options?: VerifyOptions): Promise<C>;
  /** Fetch metadata + JWKS (+ revocation list) now; resolves when ready. Rejects with ERR_JWKS_UNAVAILABLE. */
  warm(): Promise<void>;
  /** The key cache as JSON, for `importCache()` in a later cold start. Throws if nothing is loaded yet. */
  exportCache(): VerifierCache;
  /** Pre-loads keys exported earlier (validated; TypeError when the cache does not fit this verifier). */
  importCache(cache: VerifierCache): void;
  /**
   * Stops revocation polling. Verification goes on with what is cached, until the revocation
   * list is older than `graceSeconds` (then ERR_REVOCATION_STALE, unless `failOpen`).
   */
  close(): void;
}

function checkHeader(header: Record<string, unknown>, settings: Settings): void {
  const { typ, alg, kid, crit } = header;
  if (!typAllowed(typ, settings)) {
    const expected = expectedTyp(settings);
    throw failed(
      'ERR_TYP_INVALID',
      settings.tokenUse === 'machine'
        ? 'the token is not a JWT access token (typ must be at+jwt)'
        : `the token's typ is not one this verifier accepts (${[expected].flat().join(' or ')})`,
      'typ',
      typ,
      expected,
    );
  }
  if (typeof alg !== 'string' || !settings.algorithms.has(alg as AssertionAlg)) {
    throw failed(
      'ERR_ALG_NOT_ALLOWED',
      'the token is signed with an algorithm that is not allowed',
      'alg',
      alg,
      [...settings.algorithms],
    );
  }
  if (typeof kid !== 'string' || kid === '') {
    throw failed('ERR_TOKEN_MALFORMED', 'the token header has no kid', 'kid', kid, 'a key id');
  }
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if (crit !== undefined) {
    throw failed(
      'ERR_TOKEN_MALFORMED',
      'the token header has unsupported crit extensions',
      'crit',
      crit,
      undefined,
    );
  }
}

function checkKey(entry: KeyEntry, alg: string): void {
  if ((entry.alg !== undefined && entry.alg !== alg) || !keyFitsAlg(alg as AssertionAlg, entry.key)) {
    throw failed(
      'ERR_ALG_NOT_ALLOWED',
      `the token's alg does not match its key (${entry.alg ?? entry.key.asymmetricKeyType})`,
      'alg',
      alg,
      entry.alg ?? entry.key.asymmetricKeyType,
    );
  }
}

/** The client a verified payload names: `client_id`, or an ID token's (single) `aud`. */
function clientIdOf(payload: Record<string, unknown>): string | undefined {
  if (typeof payload.client_id === 'string') return payload.client_id;
  if (payload.token_use === 'id' && typeof payload.aud === 'string') return payload.aud;
  return undefined;
}

/**
 * A copy of a refusal that names the client. A copy, because some refusals are shared (the
 * stale revocation list's error is thrown to every caller) and must not carry one caller's client.
 */
function withClientId(error: unknown, payload: Record<string, unknown>): unknown {
  const clientId = clientIdOf(payload);
  if (!(error instanceof VerifyError) || clientId === undefined) return error;
  const named = new VerifyError(error.code, error.message, error.failedAssertion, {
    cause: error.cause,
    clientId,
  });
  if (error.stack !== undefined) named.stack = error.stack;
  return named;
}

/**
 * Creates a verifier for one issuer and audience. Options are validated here: misuse (no
 * issuer, no audience, `none` or HS* in `algorithms`, a negative tolerance, …) throws TypeError
 * now, not on the first request. Nothing is fetched until `warm()` or the first `verify()`.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@gatehouse/verify';
 *
 * const verifier = createVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://orders.example.com',
 * });
 * const claims = await verifier.verify(token, { requiredScopes: ['list-orders'] });
 * console.log(claims.client_id, claims.scopes);
 * ```
 */
export function createVerifier(options: PoolIdVerifierOptions): Verifier<PoolIdTokenClaims>;
export function createVerifier(options: PoolAccessVerifierOptions): Verifier<PoolAccessTokenClaims>;
export function createVerifier(
  options: PoolAnyVerifierOptions,
): Verifier<PoolIdTokenClaims | PoolAccessTokenClaims>;
export function createVerifier(options: MachineVerifierOptions): Verifier;
export function createVerifier(options: AnyVerifierOptions): Verifier<AnyVerifiedClaims>;
export function createVerifier(options: AnyVerifierOptions): Verifier<AnyVerifiedClaims> {
  const settings = resolveSettings(options);
  const discovery = new Discovery(settings);
  const keys = new KeyCache(settings, discovery, settings.onBackgroundError);
  const revocation =
    settings.revocation === false
      ? undefined
      : new RevocationPoller(settings, settings.revocation, discovery);

  async function verify(token: string, verifyOptions?: VerifyOptions): Promise<AnyVerifiedClaims> {
    let decoded: DecodedJwt;
    try {
      decoded = decodeJwt(token);
    } catch (error) {
      throw new VerifyError('ERR_TOKEN_MALFORMED', (error as Error).message);
    }
    const { header } = decoded;
    checkHeader(header, settings);
    const kid = header.kid as string;
    const alg = header.alg as string;
    // The key cache keeps its own real-time clock; `now` is for token times and the list's age.
    let entry = keys.get(kid, Date.now());
    if (entry === undefined) {
      if (!keys.loaded) await warm();
      entry = keys.get(kid, Date.now()) ?? (await keys.resolveUnknown(kid));
    } else if (revocation !== undefined) {
      void revocation.start();
    }
    checkKey(entry, alg);
    if (!verifyJwsSignature(alg as AssertionAlg, entry.key, decoded.signingInput, decoded.signature)) {
      throw new VerifyError('ERR_SIGNATURE_INVALID', 'the token signature is invalid');
    }
    // From here on the payload is the issuer's word: a refusal may name the client.
    try {
      const refreshing = revocation?.checkFreshness();
      if (refreshing !== undefined) await refreshing;
      return checkClaims(
        decoded.payload,
        settings,
        settings.now() / 1000,
        revocation?.state,
        verifyOptions?.requiredScopes,
        header.typ,
      );
    } catch (error) {
      throw withClientId(error, decoded.payload);
    }
  }

  async function warm(): Promise<void> {
    const polling = revocation?.start();
    await keys.ensureLoaded();
    await polling;
  }

  return {
    verify,
    warm,
    exportCache(): VerifierCache {
      const snapshot = keys.snapshot();
      if (snapshot === undefined) throw new Error('exportCache: no keys loaded yet; await warm() first');
      const endpoints = discovery.known;
      return {
        version: 1,
        issuer: settings.issuer,
        jwksUri: snapshot.jwksUri,
        ...(endpoints === undefined ? {} : { revocationListUrl: endpoints.revocationListUrl ?? null }),
        jwks: { keys: snapshot.keys },
        fetchedAt: snapshot.fetchedAt,
      };
    },
    importCache(cache: VerifierCache): void {
      const imported = parseCache(cache, settings);
      if (imported.endpoints !== undefined && discovery.known === undefined)
        discovery.set(imported.endpoints);
      keys.replace(imported.keys, imported.fetchedAt, imported.jwksUri);
    },
    close(): void {
      revocation?.stop();
    },
  };
}
