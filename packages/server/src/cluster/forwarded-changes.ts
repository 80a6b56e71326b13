import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { latestChange } from '../store/repos/changes.js';
import type { Change, ChangeApplier } from '../services/change-applier.js';
import type { ChangeFeed, PollHealth } from '../services/change-feed.js';
import { POLL_DEADLINE_MS } from '../services/change-poller.js';
import type { ToPrimary, ToWorker } from './messages.js';

export interface ForwardedChangesOptions {
  db: Db;
  logger: Logger;
  changePollMs: number;
  /** Sends a message to the primary. */
  send(message: ToPrimary): void;
}

/** How long a forced poll waits for the primary's answer before going on without it. */
const POLL_ANSWER_MS = 2 * POLL_DEADLINE_MS;

/**
 * A cluster worker's changes: the primary polls the log once for every worker and forwards each
 * batch (cluster/primary.ts); this applies them, in order, through the same ChangeApplier as a
 * process that polls for itself. A batch that cannot be applied (the store did not answer what
 * it asks to reload) is kept and tried again, ahead of anything that arrived since.
 */
export class ForwardedChanges implements ChangeFeed {
  /** The last change applied here; batches at or before it were in the load at start. */
  private seq = 0;
  private started = false;
  private pending: Change[] = [];
  private resyncWanted = false;
  private draining: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** Since when applying here fails; the primary's good polls do not make this worker current. */
  private failingSince: number | undefined;
  private readonly forwarded: PollHealth = { lastSuccessAt: undefined, polled: false };
  private readonly answers = new Map<number, () => void>();
  private nextPollId = 0;
  private stopped = false;
  /** Only the newest attempt may apply what it read; one abandoned at its deadline may not. */
  private generation = 0;

  constructor(
    private readonly applier: ChangeApplier,
    private readonly options: ForwardedChangesOptions,
  ) {}

  async start(): Promise<void> {
    const seq = await latestChange(this.options.db);
    await this.applier.reload(seq, () => true);
    this.seq = seq;
    this.forwarded.lastSuccessAt ??= performance.now();
    this.started = true;
    this.kick();
  }

  stop(): Promise<void> | undefined {
    this.stopped = true;
    clearTimeout(this.retry);
    for (const answer of this.answers.values()) answer();
    return this.draining;
  }

  get health(): Readonly<PollHealth> {
    const { lastSuccessAt, polled } = this.forwarded;
    if (this.failingSince === undefined || lastSuccessAt === undefined) return this.forwarded;
    return { lastSuccessAt: Math.min(lastSuccessAt, this.failingSince), polled };
  }

  /** Asks the primary to poll now, and settles once what that poll read has been applied here. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const id = ++this.nextPollId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.answers.delete(id);
        this.options.logger.warn(
          'the primary did not answer a forced change poll; the next batch will bring it',
        );
        resolve();
      }, POLL_ANSWER_MS);
      this.answers.set(id, () => {
        clearTimeout(timer);
        this.answers.delete(id);
        resolve();
      });
      this.options.send({ type: 'poll', id });
    });
  }

  /** A message from the primary about changes; the others are for cluster/worker.ts. */
  received(message: ToWorker): void {
    switch (message.type) {
      case 'changes':
        this.pending.push(...message.changes);
        this.kick();
        return;
      case 'resync':
        this.resyncWanted = true;
        this.pending = [];
        this.kick();
        return;
      case 'health':
        this.forwarded.lastSuccessAt =
          message.lastSuccessAgoMs === null ? undefined : performance.now() - message.lastSuccessAgoMs;
        this.forwarded.polled = message.polled;
        return;
      case 'polled': {
        // Every batch of that poll arrived before this answer, so it is pending or applied by now.
        const answer = this.answers.get(message.id);
        if (answer) void (this.draining ?? Promise.resolve()).then(answer);
        return;
      }
      default:
        return;
    }
  }

  private kick(): void {
    if (!this.started || this.stopped) return;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.resyncWanted || this.pending.length > 0) {
      const resync = this.resyncWanted;
      // Batches read before this worker loaded everything are in that load already.
      const batch = resync ? [] : this.pending.filter((change) => change.seq > this.seq);
      this.resyncWanted = false;
      this.pending = [];
      const generation = ++this.generation;
      const current = () => generation === this.generation && !this.stopped;
      try {
        if (resync) {
          const seq = await withDeadline(latestChange(this.options.db));
          await withDeadline(this.applier.reload(seq, current));
          this.seq = seq;
        } else {
          await withDeadline(this.applier.apply(batch, current));
          this.seq = batch.at(-1)?.seq ?? this.seq;
        }
        this.failingSince = undefined;
      } catch (error) {
        this.generation++;
        // Kept for the next try, ahead of what arrived meanwhile (or a resync, which covers both).
        if (resync) this.resyncWanted = true;
        else this.pending = [...batch, ...this.pending];
        this.failingSince ??= performance.now();
        this.options.logger.warn('could not apply changes from the primary; serving from cache', { error });
        this.retry = setTimeout(() => this.kick(), this.options.changePollMs);
        this.retry.unref();
        return;
      }
    }
  }
}

/** A read stuck on a dead connection gives up, so the batch can be tried again on a fresh one. */
function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${POLL_DEADLINE_MS} ms`)), POLL_DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
