import { Counter, type Registry } from 'prom-client';
import type { HookMetrics, HookOutcome } from '../services/token-hooks/hook-caller.js';

const OUTCOMES: readonly HookOutcome[] = [
  'ok',
  'timeout',
  'network',
  'status',
  'body',
  'claims',
  'saturated',
];

/** gatehouse_token_hook_calls_total{outcome}: calls to resource servers' token hooks (cache hits are none). */
export class PromHookMetrics implements HookMetrics {
  private readonly byOutcome = new Map<HookOutcome, { inc(): void }>();

  constructor(registry: Registry) {
    const calls = new Counter({
      name: 'gatehouse_token_hook_calls_total',
      help: 'Calls to resource servers token hooks by outcome (ok, or why no claims came back)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    // Bound once, so counting a call looks nothing up by label.
    for (const outcome of OUTCOMES) {
      calls.inc({ outcome }, 0);
      this.byOutcome.set(outcome, calls.labels(outcome));
    }
  }

  called(outcome: HookOutcome): void {
    this.byOutcome.get(outcome)?.inc();
  }
}
