import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import { CODE_LIFETIME_MS } from '../../pools/code-policy.js';
import type { Db } from '../../store/db.js';
import { insertPoolAuthCode, purgePoolAuthCodes } from '../../store/repos/pool-auth-codes.js';

/** What a code carries to the token endpoint: the validated request and who signed in when. */
export interface CodeGrant {
  poolId: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  nonce?: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: 'S256' | undefined;
  sub: string;
  /** Epoch ms of the sign-in behind the code. */
  authTime: number;
  sessionIdHash: string | null;
}

/**
 * Issues authorization codes (RFC 6749 §4.1.2): 256 random bits, of which only the SHA-256 is
 * stored, living CODE_LIFETIME_MS. The token side redeems them (pool-grants.ts).
 */
export class PoolAuthorizationCodes {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async issue(grant: CodeGrant): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await insertPoolAuthCode(this.db, {
      code_hash: sha256Base64url(code),
      pool_id: grant.poolId,
      client_id: grant.clientId,
      sub: grant.sub,
      session_id_hash: grant.sessionIdHash,
      redirect_uri: grant.redirectUri,
      scope: grant.scopes.join(' '),
      nonce: grant.nonce ?? null,
      code_challenge: grant.codeChallenge ?? null,
      code_challenge_method: grant.codeChallenge === undefined ? null : (grant.codeChallengeMethod ?? 'S256'),
      auth_time: grant.authTime,
      expires_at: now + CODE_LIFETIME_MS,
      used_at: null,
      family_id: null,
      access_jtis: null,
    });
    return code;
  }

  /** Forgets codes a lifetime past their expiry: a used code is kept that long so its replay is still recognised. */
  purge(): Promise<void> {
    return purgePoolAuthCodes(this.db, this.clock.now() - CODE_LIFETIME_MS);
  }
}
