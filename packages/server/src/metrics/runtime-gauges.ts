import { Gauge, type Registry } from 'prom-client';

/** What the gauges below read when Prometheus scrapes; nothing here runs on a request. */
export interface RuntimeSource {
  /** performance.now() of the last change poll that read the log through; undefined before the first. */
  lastPollAt(): number | undefined;
  revocationListSize(): number;
  /** The signing key of each algorithm, with when it started signing (epoch ms). */
  signingKeys(): Iterable<{ alg: string; activatedAt: number }>;
  /** Epoch ms on the server's clock, against which key ages are taken. */
  now(): number;
  ready(): boolean;
}

/**
 * Gauges over the in-memory runtime: how stale this instance's view of the store is, what the
 * verifiers' revocation list holds, how old each signing key is, and whether /readyz says ready.
 */
export function registerRuntimeGauges(registry: Registry, source: () => RuntimeSource | undefined): void {
  new Gauge({
    name: 'gatehouse_change_poll_age_seconds',
    help: "Seconds since the change poll last read the change log through: how late other instances' changes may arrive here",
    registers: [registry],
    // A cluster answers with its stalest worker.
    aggregator: 'max',
    collect() {
      const at = source()?.lastPollAt();
      // Before the first load there is no age to tell; NaN says so rather than a reassuring 0.
      this.set(at === undefined ? Number.NaN : (performance.now() - at) / 1000);
    },
  });
  new Gauge({
    name: 'gatehouse_revocation_list_entries',
    help: 'Token ids on the revocation list verifiers download',
    registers: [registry],
    // Every worker of a cluster holds the same list: its size, not a sum of copies.
    aggregator: 'max',
    collect() {
      const runtime = source();
      if (runtime) this.set(runtime.revocationListSize());
    },
  });
  new Gauge({
    name: 'gatehouse_signing_key_age_seconds',
    help: 'Seconds since the active signing key of each algorithm started signing',
    labelNames: ['alg'] as const,
    registers: [registry],
    // The same keys in every worker; one that has not picked up a rotation yet shows the older key.
    aggregator: 'max',
    collect() {
      const runtime = source();
      if (!runtime) return;
      this.reset();
      const now = runtime.now();
      for (const key of runtime.signingKeys()) this.labels(key.alg).set((now - key.activatedAt) / 1000);
    },
  });
  new Gauge({
    name: 'gatehouse_ready',
    help: '1 while /readyz answers 200, 0 while it answers 503 (in a cluster: 1 only while every worker is ready)',
    registers: [registry],
    aggregator: 'min',
    collect() {
      this.set(source()?.ready() ? 1 : 0);
    },
  });
}
