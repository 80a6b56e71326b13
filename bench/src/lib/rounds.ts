import type { LoadResult } from './load.js';
import { median } from './stats.js';

/**
 * Measures every contender once per round, round after round (A B C, B C A, C A B, …), so a
 * slow moment of a shared machine lands on all of them alike instead of on one.
 */
export async function alternate<T, R>(
  contenders: readonly T[],
  rounds: number,
  measure: (contender: T, round: number) => Promise<R>,
): Promise<Map<T, R[]>> {
  const results = new Map<T, R[]>(contenders.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(round + k) % contenders.length] as T;
      results.get(contender)?.push(await measure(contender, round));
    }
  }
  return results;
}

/** Median of each figure over rounds; failures are summed, not averaged away. */
export function summarize(runs: readonly LoadResult[]): LoadResult {
  const pick = (f: (r: LoadResult) => number) => median(runs.map(f));
  const sum = (f: (r: LoadResult) => number) => runs.reduce((total, r) => total + f(r), 0);
  return {
    rps: pick((r) => r.rps),
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    requests: sum((r) => r.requests),
    seconds: sum((r) => r.seconds),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

/** A note for the report when a run had failed requests; the figures count successes only. */
export function failureNote(label: string, result: LoadResult): string | undefined {
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed === 0) return undefined;
  return `${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts out of ${result.requests} requests (only successes are counted)`;
}

export const MB = 1024 * 1024;
