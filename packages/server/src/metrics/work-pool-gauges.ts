import { Gauge, type Registry } from 'prom-client';

/** The pools whose queues decide token latency; a fixed set, so the `pool` label stays small. */
export type WorkPoolName =
  /** Machine tokens signed through libuv's thread pool (crypto.sign's callback form). */
  | 'token_signing'
  /** People's tokens signed on Gatehouse's own worker threads. */
  | 'pool_token_signing'
  /** private_key_jwt assertions checked with keys clients supplied. */
  | 'assertion_checks'
  /** Password hashes for portal and pool sign-ins. */
  | 'password_hashing';

export interface WorkDepth {
  /** Waiting for a slot or a thread. */
  queued: number;
  /** Running now (for libuv's pool: handed to it, which includes its own queue past its threads). */
  inFlight: number;
}

/** `gatehouse_work_queued{pool}` and `gatehouse_work_in_flight{pool}`, read at scrape time. */
export class WorkPoolGauges {
  private readonly pools = new Map<WorkPoolName, () => WorkDepth>();

  constructor(registry: Registry) {
    const pools = this.pools;
    new Gauge({
      name: 'gatehouse_work_queued',
      help: 'Tasks waiting in a work pool on the token or sign-in path',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        for (const [pool, depth] of pools) this.labels(pool).set(depth().queued);
      },
    });
    new Gauge({
      name: 'gatehouse_work_in_flight',
      help: 'Tasks running in a work pool on the token or sign-in path',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        for (const [pool, depth] of pools) this.labels(pool).set(depth().inFlight);
      },
    });
  }

  watch(pool: WorkPoolName, depth: () => WorkDepth): void {
    this.pools.set(pool, depth);
  }
}
