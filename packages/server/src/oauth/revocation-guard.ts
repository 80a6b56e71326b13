import type { Logger } from '../log.js';
import type { PerClientRate } from '../services/per-client-rate.js';
import type { RevocationList } from '../services/revocation-list.js';
import { TemporarilyUnavailable } from '../http/errors.js';
import { SlowDown } from './errors.js';

const FULL_LOG_EVERY_MS = 60_000;

/**
 * What keeps the list verifiers poll small: each client may revoke at its rate, and the list
 * as a whole holds at most `maxEntries` token ids. A full list refuses new revocations (the
 * client hears so) rather than grow past what verifiers can fetch; disabling a client still
 * works then, since that is one entry whatever the client's token count.
 */
export class RevocationGuard {
  private lastFullLog = -Infinity;

  constructor(
    private readonly rate: PerClientRate,
    private readonly maxEntries: number,
    private readonly logger: Logger,
  ) {}

  /** Throws SlowDown or TemporarilyUnavailable when this revocation may not be listed now. */
  admit(clientId: string, list: RevocationList, now: number): void {
    const taken = this.rate.take(clientId);
    if (!taken.ok) {
      throw new SlowDown(
        `this client may revoke at most ${this.rate.perMinute} tokens a minute`,
        taken.retryAfter,
      );
    }
    if (list.size < this.maxEntries) return;
    const next = list.nextExpiry();
    const retryAfter = next === undefined ? 1 : Math.max(1, Math.ceil((next - now) / 1000));
    if (now - this.lastFullLog >= FULL_LOG_EVERY_MS) {
      this.lastFullLog = now;
      this.logger.warn('revocation list is full; refusing revocations until entries expire', {
        entries: list.size,
        max: this.maxEntries,
        clientId,
      });
    }
    throw new TemporarilyUnavailable('the revocation list is full; try again later', retryAfter);
  }
}
