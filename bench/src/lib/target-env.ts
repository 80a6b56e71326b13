import type { BenchClient } from './clients.js';

/** How the parent hands the registered clients to a target that keeps them in memory. */
const CLIENTS_VAR = 'BENCH_CLIENTS';

export function clientsEnv(clients: readonly BenchClient[]): Record<string, string> {
  return { [CLIENTS_VAR]: JSON.stringify(clients) };
}

export function clientsFromEnv(): BenchClient[] {
  const raw = process.env[CLIENTS_VAR];
  if (!raw) throw new Error(`${CLIENTS_VAR} is not set`);
  return JSON.parse(raw) as BenchClient[];
}

/** Stops the process cleanly on the parent's SIGTERM. */
export function onStop(stop: () => Promise<void>): void {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  // The parent went away without stopping us: do not linger.
  process.once('disconnect', handler);
}
