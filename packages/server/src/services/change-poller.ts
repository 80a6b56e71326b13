import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { changesSince, latestChange } from '../store/repos/changes.js';
import type { ChangeSink } from './change-applier.js';
import type { ChangeFeed, PollHealth } from './change-feed.js';
import { CHANGE_RETENTION_MS } from './maintenance.js';

export type { ChangeListener } from './change-applier.js';
export type { PollHealth } from './change-feed.js';

/** Past this gap since the last good poll, changes may have been purged unseen: reload everything. */
const RESYNC_AFTER_MS = CHANGE_RETENTION_MS / 2;
/** A poll stuck on a dead connection is abandoned after this, so the next one can try afresh. */
export const POLL_DEADLINE_MS = 3_000;

export interface ChangePollerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  changePollMs: number;
}

/**
 * Other processes' writes arrive through the change log, polled every `changePollMs`; each
 * batch goes to the sink (change-applier.ts: this process's caches; or a cluster's workers). A
 * failed poll is logged and retried, and the token path keeps serving from memory meanwhile.
 */
export class ChangePoller implements ChangeFeed {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** Only the newest poll may apply what it read; an abandoned one that wakes up late may not. */
  private generation = 0;
  private lastSynced = 0;
  private readonly pollHealth: PollHealth = { lastSuccessAt: undefined, polled: false };
  /** The poll promised to callers that arrived while another was running. */
  private followUp: Promise<void> | undefined;

  constructor(
    private readonly options: ChangePollerOptions,
    private readonly sink: ChangeSink,
    /** Told after every poll, whatever its outcome, with the health it leaves. */
    private readonly polled: (health: Readonly<PollHealth>) => void = () => {},
  ) {}

  /** Loads everything once, then polls. */
  async start(): Promise<void> {
    await this.resync(this.generation);
    this.pollHealth.lastSuccessAt = performance.now();
    // The timer skips a turn while a poll runs; only an explicit poll() asks for another.
    this.timer = setInterval(() => {
      if (!this.polling) void this.poll();
    }, this.options.changePollMs);
    this.timer.unref();
  }

  /** Stops polling; the returned promise settles when a poll under way has finished. */
  stop(): Promise<void> | undefined {
    clearInterval(this.timer);
    return this.polling;
  }

  /** How recently the store answered a poll: read per probe, costs nothing. */
  get health(): Readonly<PollHealth> {
    return this.pollHealth;
  }

  /**
   * Applies every change in the log since the last poll, including every change committed before
   * this call: a poll already running may have read the log before it, so one more runs after it
   * (shared by every caller that arrives meanwhile).
   */
  poll(): Promise<void> {
    if (this.polling) {
      this.followUp ??= this.polling.then(() => {
        this.followUp = undefined;
        return this.poll();
      });
      return this.followUp;
    }
    const generation = ++this.generation;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${POLL_DEADLINE_MS} ms`)),
        POLL_DEADLINE_MS,
      );
    });
    this.polling = Promise.race([this.pollOnce(generation), deadline])
      .then(() => {
        // A poll overtaken by a newer one proved nothing about the store's present.
        if (generation !== this.generation) return;
        this.pollHealth.lastSuccessAt = performance.now();
        this.pollHealth.polled = true;
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.generation++;
        this.options.logger.warn('change poll failed; serving from cache', { error });
      })
      .finally(() => {
        clearTimeout(timer);
        this.polling = undefined;
        this.polled(this.pollHealth);
      });
    return this.polling;
  }

  private async pollOnce(generation: number): Promise<void> {
    const { db, clock } = this.options;
    const current = () => generation === this.generation;
    const startedAt = clock.now();
    if (this.lastSynced !== 0 && startedAt - this.lastSynced > RESYNC_AFTER_MS) {
      this.options.logger.warn('change log may have moved on without this instance; reloading everything');
      await this.resync(generation);
      return;
    }
    for (;;) {
      const rows = await changesSince(db, this.seq);
      if (!current()) return;
      if (rows.length === 0) break;
      const changes = rows.map((row) => ({ seq: Number(row.seq), kind: row.kind, entityId: row.entity_id }));
      await this.sink.apply(changes, current);
      if (!current()) return;
      this.seq = changes.at(-1)?.seq ?? this.seq;
    }
    this.lastSynced = startedAt;
  }

  /** Reloads everything from the store, taking the log position first so nothing written meanwhile is lost. */
  private async resync(generation: number): Promise<void> {
    const startedAt = this.options.clock.now();
    const current = () => generation === this.generation;
    const seq = await latestChange(this.options.db);
    await this.sink.reload(seq, current);
    if (!current()) return;
    this.seq = seq;
    this.lastSynced = startedAt;
  }
}
