import type { Db } from '../../store/db.js';
import { findPoolAuthCode, type PoolAuthCodeRow } from '../../store/repos/pool-auth-codes.js';
import { revokePoolRefreshFamily } from '../../store/repos/pool-refresh-tokens.js';
import type { TokenService } from '../tokens.js';
import type { CodeReplay } from './code-redemption.js';

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

/**
 * The revocation for a code presented again, after its group committed. `raced`: another
 * instance redeemed it between the read and the write, so what it issued is read now.
 */
export async function revokeReplayedCode(
  db: Db,
  revoker: Pick<TokenService, 'revoke'>,
  replay: CodeReplay,
  codeHash: string,
  now: number,
): Promise<void> {
  if (replay.issued !== 'raced') {
    await revokeCodeIssue(db, revoker, replay.row, replay.issued, now);
    return;
  }
  const again = await findPoolAuthCode(db, codeHash);
  const accessJtis = again?.access_jtis ? (JSON.parse(again.access_jtis) as string[]) : [];
  await revokeCodeIssue(db, revoker, replay.row, { familyId: again?.family_id ?? null, accessJtis }, now);
}
