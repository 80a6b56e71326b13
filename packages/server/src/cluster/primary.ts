import type { Worker } from 'node:cluster';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { writeStdoutLine } from '../log-stdout.js';
import { ChangePoller } from '../services/change-poller.js';
import { type OpenGatehouse, openGatehouse } from '../services/gatehouse.js';
import { Maintenance, purgeExpired } from '../services/maintenance.js';
import { announceSetup } from '../setup.js';
import { sweepStore } from '../sweeps.js';
import { createMetrics, noopMetrics } from '../metrics/metrics.js';
import { listenMetrics, type MetricsPort } from '../metrics/metrics-port.js';
import { FanOut } from './fan-out.js';
import { ClusterMetrics } from './metrics-aggregate.js';
import { WorkerPool } from './worker-pool.js';

/**
 * The primary of `gatehouse serve --workers N`: serves no HTTP itself. It does once what every
 * worker would otherwise repeat: opens the store first (so migrations run once, before any
 * worker), polls the change log and forwards each batch to all workers, runs the store-wide
 * upkeep, and announces setup. Cluster-wide concerns (a worker's life and death, shutdown, and
 * anything that must add up the workers' own state) belong here.
 */
export class Primary {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly gatehouse: OpenGatehouse,
    private readonly poller: ChangePoller,
    private readonly upkeep: Maintenance,
    private readonly pool: WorkerPool,
    /** Where the workers listen: the same port for all of them. */
    readonly url: string,
    readonly issuer: string,
    /** The one-time link that creates the first admin, while no account exists. */
    readonly setupUrl: string | undefined,
    /** GATEHOUSE_METRICS_PORT: the primary serves the cluster's metrics there. */
    private readonly metricsPort: MetricsPort | undefined,
  ) {}

  /** Where the cluster's metrics are served on their own port, e.g. http://127.0.0.1:9464. */
  get metricsUrl(): string | undefined {
    return this.metricsPort?.url;
  }

  /** `logLines` takes the workers' log lines, whole: the same place the primary's own go. */
  static async start(
    config: Config,
    logger: Logger,
    logLines: (lines: string) => void = writeStdoutLine,
  ): Promise<Primary> {
    const metrics = config.metrics.enabled ? createMetrics() : noopMetrics;
    const gatehouse = await openGatehouse(config, { logger, metrics });
    const { db, clock, keys } = gatehouse;
    const fanOut = new FanOut();
    const poller = new ChangePoller(
      { db, clock, logger, changePollMs: config.changePollMs },
      fanOut,
      (health) => fanOut.health(health),
    );
    const upkeep = new Maintenance(logger, async () => {
      await purgeExpired(db, clock, keys);
      await sweepStore(gatehouse);
    });
    const clusterMetrics: ClusterMetrics | undefined = metrics.enabled
      ? new ClusterMetrics(metrics, (): Iterable<Worker> => pool.serving, logger)
      : undefined;
    const pool = new WorkerPool({
      config,
      logger,
      fanOut,
      poll: () => poller.poll(),
      metrics: clusterMetrics,
      logLines,
    });
    let metricsPort: MetricsPort | undefined;
    try {
      await poller.start();
      upkeep.start();
      const { url, issuer } = await pool.start();
      const { port, host } = config.metrics;
      if (clusterMetrics && port !== undefined)
        metricsPort = await listenMetrics(clusterMetrics, { port, host }, logger);
      const setupUrl = await announceSetup(gatehouse, config, issuer, logger);
      logger.info('user-pool mail goes to', { mail: gatehouse.mailer.describe() });
      logger.info('workers started', { workers: config.workers, pids: pool.pids });
      return new Primary(gatehouse, poller, upkeep, pool, url, issuer, setupUrl, metricsPort);
    } catch (error) {
      metricsPort?.http.close();
      await pool.drain();
      upkeep.stop();
      await poller.stop();
      await gatehouse.close();
      throw error;
    }
  }

  /** Settles if the workers crash-loop: the primary has stopped replacing them and closed. */
  get failure(): Promise<Error> {
    return this.pool.failure.then(async (error) => {
      await this.close();
      return error;
    });
  }

  /** The workers' process ids, as they are now. */
  get workerPids(): number[] {
    return this.pool.pids;
  }

  /**
   * Drains every worker (each stops accepting, finishes its requests, flushes and closes its
   * store), then stops polling and closes the store. The poll runs until the last worker has
   * gone: a request finishing meanwhile may still ask for one.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.metricsPort?.http.close();
      this.metricsPort?.http.closeIdleConnections();
      await this.pool.drain();
      this.upkeep.stop();
      await this.poller.stop();
      await this.gatehouse.close();
    })();
    return this.closing;
  }
}
