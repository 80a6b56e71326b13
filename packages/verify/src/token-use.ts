import { failed } from './errors.js';
import type { Settings } from './settings.js';

/** What kind of token passed: a machine's, or a pool's access or ID token. */
export type VerifiedKind = 'machine' | 'access' | 'id';

const AT_JWT = /^(application\/)?at\+jwt$/i;
const JWT = /^(application\/)?jwt$/i;

/** The header check before the signature: which `typ` values this verifier lets through. */
export function typAllowed(typ: unknown, settings: Settings): boolean {
  const kind = settings.tokenUse;
  if (typeof typ === 'string' && AT_JWT.test(typ)) return kind !== 'id';
  // OIDC Core leaves an ID token's typ open; Gatehouse writes JWT, some servers none.
  if (typ === undefined || (typeof typ === 'string' && JWT.test(typ))) return kind === 'id' || kind === 'any';
  return false;
}

export function expectedTyp(settings: Settings): string | string[] {
  if (settings.tokenUse === 'id') return 'JWT';
  if (settings.tokenUse === 'any') return ['at+jwt', 'JWT'];
  return 'at+jwt';
}

/**
 * For pool verifiers: the `token_use` claim must be what the verifier takes, and agree with
 * the header, so an access token cannot pass as an ID token or the other way round.
 */
export function verifiedKind(
  payload: Record<string, unknown>,
  typ: unknown,
  settings: Settings,
): VerifiedKind {
  const kind = settings.tokenUse;
  if (kind === 'machine') return 'machine';
  const use = payload.token_use;
  const expected = kind === 'any' ? ['id', 'access'] : kind;
  if ((use !== 'id' && use !== 'access') || (kind !== 'any' && use !== kind)) {
    throw failed(
      'ERR_TOKEN_USE_MISMATCH',
      `the token is not a pool ${kind === 'any' ? 'ID or access' : kind === 'id' ? 'ID' : 'access'} token`,
      'token_use',
      use,
      expected,
    );
  }
  const headerSaysAccess = typeof typ === 'string' && AT_JWT.test(typ);
  if (headerSaysAccess !== (use === 'access')) {
    throw failed(
      'ERR_TYP_INVALID',
      `the token's typ does not fit token_use "${use}"`,
      'typ',
      typ,
      use === 'access' ? 'at+jwt' : 'JWT',
    );
  }
  return use;
}
