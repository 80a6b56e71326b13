import type { Worker } from 'node:cluster';
import { AggregatorRegistry, Gauge } from 'prom-client';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { send } from './fan-out.js';
import type { Exposition } from './messages.js';
import type { MetricsJson } from './metrics-json.js';

/** How long a scrape waits for each worker's figures; one that is later is left out of this scrape. */
export const COLLECT_WAIT_MS = 1_000;

/**
 * What the primary contributes itself: its process (CPU, memory, event loop) and its store calls
 * (the change poll, the upkeep). Its other gauges describe a server it does not run.
 */
const PRIMARY_OWN = /^(process_|nodejs_|gatehouse_store_)/;

/**
 * The cluster's /metrics: the primary asks every serving worker for its figures over IPC and adds
 * them up with prom-client's AggregatorRegistry, each metric by its own `aggregator` (counters and
 * histograms sum; gauges that every worker holds a copy of take the max or min). So any scrape,
 * whichever process answers it, shows the same cluster-wide totals. A worker that died takes its
 * counts with it: counters drop, which Prometheus's rate() reads as a restart.
 */
export class ClusterMetrics {
  private readonly waiting = new Map<number, (metrics: MetricsJson | undefined) => void>();
  private nextId = 0;

  constructor(
    /** The primary's own metrics (its store calls and its process). */
    private readonly own: Metrics,
    /** The workers that serve now: only they have metrics to give. */
    private readonly workers: () => Iterable<Worker>,
    private readonly logger: Logger,
  ) {}

  /** A worker's answer to `collect`; a late one (its scrape went on without it) is dropped. */
  collected(id: number, metrics: MetricsJson): void {
    this.waiting.get(id)?.(metrics);
  }

  /** For a worker's `scrape`: the answer goes back to that worker, null if adding up failed. */
  answer(worker: Worker, id: number): void {
    this.scrape().then(
      (exposition) => send(worker, { type: 'scraped', id, exposition }),
      (error: unknown) => {
        this.logger.error('could not add up the workers\u2019 metrics', { error });
        send(worker, { type: 'scraped', id, exposition: null });
      },
    );
  }

  async scrape(): Promise<Exposition> {
    const workers = [...this.workers()];
    const [own, ...answers] = await Promise.all([
      this.own.asJson(),
      ...workers.map((worker) => this.collect(worker)),
    ]);
    const figures = answers.filter((answer) => answer !== undefined);
    const registry = AggregatorRegistry.aggregate([
      (own ?? []).filter((metric) => PRIMARY_OWN.test(metric.name)),
      ...figures,
    ]);
    new Gauge({
      name: 'gatehouse_metrics_workers_answered',
      help: 'Workers whose figures this scrape adds up',
      registers: [registry],
    }).set(figures.length);
    new Gauge({
      name: 'gatehouse_metrics_workers_missing',
      help: `Serving workers left out of this scrape: they did not answer within ${COLLECT_WAIT_MS} ms`,
      registers: [registry],
    }).set(workers.length - figures.length);
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  private collect(worker: Worker): Promise<MetricsJson | undefined> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const done = (metrics: MetricsJson | undefined) => {
        clearTimeout(timer);
        worker.off('exit', gone);
        this.waiting.delete(id);
        resolve(metrics);
      };
      const gone = () => done(undefined);
      const timer = setTimeout(gone, COLLECT_WAIT_MS);
      worker.once('exit', gone);
      this.waiting.set(id, done);
      send(worker, { type: 'collect', id });
    });
  }
}
