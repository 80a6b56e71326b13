import { Gauge, type Registry } from 'prom-client';

/** A count from the store is reused for this long: scrapes from several Prometheus replicas cost one query. */
export const SESSION_COUNT_TTL_MS = 15_000;
/** A scrape waits at most this long for a fresh count, then answers with the last one. */
const SCRAPE_WAIT_MS = 500;

/**
 * `gatehouse_portal_sessions_active`: signed-in portal sessions, counted in the store when
 * Prometheus scrapes, never on a request. A store that fails or hangs leaves the last count in
 * place (and the store's own error counters say why); the scrape itself never fails for it.
 */
export function registerSessionGauge(
  registry: Registry,
  count: () => Promise<number>,
  now: () => number = () => performance.now(),
): void {
  let countedAt: number | undefined;
  let refreshing: Promise<void> | undefined;
  const refresh = (gauge: Gauge) => {
    refreshing ??= count()
      .then(
        (n) => {
          gauge.set(n);
          countedAt = now();
        },
        () => {
          // Kept quiet: the poller's warnings and gatehouse_store_errors_total already say the store is down.
        },
      )
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };
  new Gauge({
    name: 'gatehouse_portal_sessions_active',
    help: `Signed-in portal sessions (all instances; counted in the store at most every ${SESSION_COUNT_TTL_MS / 1000} s)`,
    registers: [registry],
    // Every worker counts the same store: the count, not a sum of copies.
    aggregator: 'max',
    async collect() {
      if (countedAt !== undefined && now() - countedAt < SESSION_COUNT_TTL_MS) return;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SCRAPE_WAIT_MS);
        timer.unref();
      });
      await Promise.race([refresh(this), waited]);
      clearTimeout(timer);
    },
  });
}
