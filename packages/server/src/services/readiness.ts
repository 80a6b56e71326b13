import type { PollHealth } from './change-poller.js';

/** One check's state: `pending` before it first succeeded, `down` once it stopped succeeding. */
export type CheckState = 'ok' | 'pending' | 'down';

export interface ReadinessReport {
  ready: boolean;
  checks: { store: CheckState; signingKeys: CheckState; changePoll: CheckState };
}

/** What readiness reads: the runtime's own state, never the store. */
export interface ReadinessSource {
  readonly pollHealth: Readonly<PollHealth> | undefined;
  readonly hasSigningKeys: boolean;
}

/**
 * Whether this instance should get traffic. It asks the store nothing: the change poll already
 * reaches the store every few hundred milliseconds, so the time of its last success says whether
 * the store answers, and a probe every second from each load balancer adds no queries. The store
 * counts as down only after `storeGraceMs` without an answer, so one slow poll does not take the
 * instance out of rotation; meanwhile the token path keeps serving cached clients either way.
 */
export class Readiness {
  constructor(
    private readonly source: ReadinessSource,
    private readonly storeGraceMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  report(): ReadinessReport {
    const health = this.source.pollHealth;
    const last = health?.lastSuccessAt;
    const store: CheckState =
      last === undefined ? 'pending' : this.now() - last > this.storeGraceMs ? 'down' : 'ok';
    const signingKeys: CheckState = this.source.hasSigningKeys ? 'ok' : 'pending';
    // The load at start is not proof that polling runs: wait for the first periodic poll.
    const changePoll: CheckState = health?.polled ? (store === 'down' ? 'down' : 'ok') : 'pending';
    const checks = { store, signingKeys, changePoll };
    return { ready: store === 'ok' && signingKeys === 'ok' && changePoll === 'ok', checks };
  }
}
