import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` every `intervalMs` until it returns true; fails once `timeoutMs` have passed
 * since the call. Returns how long it took. `check` may return a value to show on failure.
 */
export async function within(
  what: string,
  check: () => Promise<boolean | { ok: boolean; last: unknown }>,
  timeoutMs = 1000,
  intervalMs = 50,
): Promise<number> {
  const start = performance.now();
  let last: unknown;
  for (;;) {
    const result = await check();
    const ok = typeof result === 'boolean' ? result : result.ok;
    if (typeof result !== 'boolean') last = result.last;
    const elapsed = performance.now() - start;
    if (ok) return elapsed;
    if (elapsed >= timeoutMs) {
      assert.fail(`${what}: not within ${timeoutMs} ms (last answer: ${JSON.stringify(last)})`);
    }
    await sleep(intervalMs);
  }
}
