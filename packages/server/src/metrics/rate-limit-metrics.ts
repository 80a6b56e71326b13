import { Gauge, type Registry } from 'prom-client';
import { type CounterCell, CounterCells } from './counter-cells.js';

export type RateLimitOutcome = 'allowed' | 'refused' | 'observed';
export type RateLimitKind = 'rate' | 'daily';
export type RateLimitBackend = 'redis' | 'local';

/** What the rate limiter reports, per decision and when its backend changes. */
export interface RateLimitObserver {
  decision(outcome: RateLimitOutcome, limit: RateLimitKind): void;
  backend(mode: RateLimitBackend): void;
}

export const noopRateLimitObserver: RateLimitObserver = {
  decision() {},
  backend() {},
};

const OUTCOMES: readonly RateLimitOutcome[] = ['allowed', 'refused', 'observed'];
const KINDS: readonly RateLimitKind[] = ['rate', 'daily'];
const BACKENDS: readonly RateLimitBackend[] = ['redis', 'local'];

/**
 * `gatehouse_rate_limit_decisions_total{outcome,limit}` and `gatehouse_rate_limit_backend{mode}`
 * (1 for the mode in use, 0 for the other). Every label pair is bound up front into a plain-number cell:
 * a decision is two map lookups and an addition.
 */
export class PromRateLimitObserver implements RateLimitObserver {
  /** outcome → limit → child: no string built per decision. */
  private readonly decisions = new Map<RateLimitOutcome, Map<RateLimitKind, CounterCell>>();
  private readonly modes = new Map<RateLimitBackend, { set(value: number): void }>();

  constructor(registry: Registry) {
    const decisions = new CounterCells(registry, {
      name: 'gatehouse_rate_limit_decisions_total',
      help: 'Rate-limit and quota decisions on token requests: allowed, refused (429), or observed (would have been refused, observe mode)',
      labelNames: ['outcome', 'limit'] as const,
    });
    for (const outcome of OUTCOMES) {
      this.decisions.set(outcome, new Map(KINDS.map((limit) => [limit, decisions.cell({ outcome, limit })])));
    }
    const backend = new Gauge({
      name: 'gatehouse_rate_limit_backend',
      help: 'Where rate limits are counted: 1 for the mode in use (redis: cluster-wide, local: this instance only; in a cluster: 1 for each mode any worker uses)',
      labelNames: ['mode'] as const,
      registers: [registry],
      // Summed, two workers would say 2; a worker fallen back to local still shows local = 1.
      aggregator: 'max',
    });
    for (const mode of BACKENDS) this.modes.set(mode, backend.labels(mode));
  }

  decision(outcome: RateLimitOutcome, limit: RateLimitKind): void {
    this.decisions.get(outcome)?.get(limit)?.inc();
  }

  backend(mode: RateLimitBackend): void {
    for (const [each, gauge] of this.modes) gauge.set(each === mode ? 1 : 0);
  }
}
