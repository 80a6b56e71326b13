import type { Invocation } from './invocation.js';

/**
 * Resolves once `running` has shut down: the first SIGINT/SIGTERM closes it gracefully (saying
 * what it waits for), a second one exits at once.
 */
export function untilStopped(
  running: { close(): Promise<void> },
  inv: Invocation,
  waitsFor: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        inv.out.note(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      if (!inv.json) inv.out.note(`${signal}: ${waitsFor} (again to force)`);
      running.close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
