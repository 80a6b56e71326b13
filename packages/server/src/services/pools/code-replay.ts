import type { Db } from '../../store/db.js';
import type { PoolAuthCodeRow } from '../../store/repos/pool-auth-codes.js';
import { revokePoolRefreshFamily } from '../../store/repos/pool-refresh-tokens.js';
import type { TokenService } from '../tokens.js';

/** The longest access token lifetime a pool or app client may set (one day). */
const MAX_ACCESS_SECONDS = 86_400;

/** RFC 6749 §10.5: a code used twice takes down the refresh family and access tokens it issued. */
export async function revokeCodeIssue(
  db: Db,
  revoker: Pick<TokenService, 'revoke'>,
  code: PoolAuthCodeRow,
  issued: { familyId: string | null; accessJtis: readonly string[] },
  now: number,
): Promise<void> {
  if (issued.familyId !== null) await revokePoolRefreshFamily(db, issued.familyId, now);
  // Whoever presents the replay, the tokens were the code's client's: listed for as long as
  // any access token can live, since that client's own lifetime may be longer than this one's.
  const expiresAt = (code.used_at ?? now) + MAX_ACCESS_SECONDS * 1000;
  for (const jti of issued.accessJtis) {
    await revoker.revoke({ jti, clientId: code.client_id, expiresAt }, now);
  }
}
