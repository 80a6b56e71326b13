import { purgePoolAuthCodes } from '../store/repos/pool-auth-codes.js';
import { purgePoolRefreshTokens } from '../store/repos/pool-refresh-tokens.js';
import { purgeSpentSrpBlocks } from '../store/repos/pool-srp.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { purgeChanges } from '../store/repos/changes.js';
import { purgeDeletedClients } from '../store/repos/clients.js';
import { purgeExpiredTokenRecords } from '../store/repos/tokens.js';
import type { KeyService } from './keys.js';
import { EXPIRY_SKEW_MS } from './revocation-list.js';
import { TOKEN_HORIZON_MS } from './revocation-sync.js';

const MAINTENANCE_MS = 30_000;
/** How long the change log keeps an entry: every instance polls far more often than this. */
export const CHANGE_RETENTION_MS = 60 * 60_000;

/** How long a pool authorization code row outlives its expiry, to recognise late replays. */
const USED_CODE_RETENTION_MS = 60 * 60_000;

/**
 * Every 30 seconds, some work: a failure is logged and tried again next time. A single process
 * runs all of it (runtime.ts); a cluster runs what is store-wide once, in the primary, and what
 * is per process (usage buffers, in-memory lists) in each worker.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly work: () => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.run(), MAINTENANCE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      await this.work();
    } catch (error) {
      this.logger.warn('maintenance failed; will retry', { error });
    }
  }
}

/**
 * Forgets what nobody needs any longer in the store: expired token records, old change-log
 * entries, clients deleted past their tokens' lifetime, retired keys, spent codes. Store-wide:
 * one process of a cluster runs it.
 */
export async function purgeExpired(db: Db, clock: Clock, keys: KeyService): Promise<void> {
  const now = clock.now();
  await purgeExpiredTokenRecords(db, now - EXPIRY_SKEW_MS);
  await purgeChanges(db, now - CHANGE_RETENTION_MS);
  await purgeDeletedClients(db, now - TOKEN_HORIZON_MS, now);
  await keys.prune();
  // A replayed code is still recognised (and revokes what it issued) for a while after it expires.
  await purgePoolAuthCodes(db, now - USED_CODE_RETENTION_MS);
  await purgePoolRefreshTokens(db, now);
  await purgeSpentSrpBlocks(db, now);
}
