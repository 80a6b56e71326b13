// A worker of `gatehouse serve --workers N` (node:cluster runs this file; cluster/primary.ts
// forks it). It serves HTTP on the shared port with its own caches; the primary polls the
// change log for every worker, runs the store-wide upkeep and decides when to stop.
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { sendStdoutLinesTo } from '../log-stdout.js';
import type { RunningServer } from '../serve.js';
import { ForwardedChanges } from './forwarded-changes.js';
import { LogForwarder } from './log-forward.js';
import { parseWorkerMessage, type ToPrimary, type ToWorker } from './messages.js';
import { MetricsScrape } from './metrics-scrape.js';

function send(message: ToPrimary, then?: () => void): void {
  if (!process.send || !process.connected) return then?.();
  process.send(message, undefined, {}, () => then?.());
}

/** Changes that arrived before the runtime was ready to take them, in order. */
const early: ToWorker[] = [];
let feed: ForwardedChanges | undefined;
let starting: Promise<RunningServer | undefined> | undefined;
let logger: Logger = createLogger('info');
const metricsScrape = new MetricsScrape(send);

/** How long a worker on its way out waits for the primary to take its last log lines. */
const EXIT_FLUSH_MS = 2_000;
// Log lines go to the primary, which alone writes stdout (log-forward.ts). Node's 'exit' hook in
// log-stdout.ts still hands over the last batch when the process exits any other way.
const logs = new LogForwarder(send, () => logger);
sendStdoutLinesTo((lines) => logs.write(lines));

async function start(config: Config): Promise<RunningServer | undefined> {
  logger = createLogger(config.logLevel);
  const { startServer } = await import('../serve.js');
  try {
    const server = await startServer(config, {
      logger,
      worker: {
        changeFeed: (applier, db) => {
          feed = new ForwardedChanges(applier, { db, logger, changePollMs: config.changePollMs, send });
          for (const message of early.splice(0)) feed.received(message);
          return feed;
        },
        clusterMetrics: metricsScrape,
      },
    });
    send({ type: 'listening', url: server.url, issuer: server.issuer });
    return server;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'failed', message, code: typeof code === 'string' ? code : undefined }, () =>
      process.exit(1),
    );
    return undefined;
  }
}

/** This worker's own metrics, for the primary to add up (none before it serves). */
async function collect(id: number): Promise<void> {
  const server = await starting;
  send({ type: 'collected', id, metrics: server ? await server.metrics.asJson() : [] });
}

async function drain(): Promise<void> {
  logger.debug('draining: finishing requests in flight, then closing the store', { pid: process.pid });
  const server = await starting;
  await server?.close();
  await logs.flush(EXIT_FLUSH_MS);
  process.exit(0);
}

let crashed = false;
// As without a handler, the worker exits with code 1 and the stack goes to stderr; first the lines
// logged up to here, and the error itself, reach the primary. The primary starts another worker.
process.on('uncaughtException', (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  if (crashed) return;
  crashed = true;
  logger.error('uncaught exception; this worker exits', { error });
  void logs.flush(EXIT_FLUSH_MS).then(() => process.exit(1));
});

process.on('message', (raw: unknown) => {
  const message = parseWorkerMessage(raw);
  if (message === undefined) {
    logger.warn('ignored a message from the primary that is not one of ours');
    return;
  }
  if (message.type === 'start') starting ??= start(message.config);
  else if (message.type === 'drain') void drain();
  else if (message.type === 'collect')
    // Unanswered, the primary leaves this worker out of the scrape and counts it missing.
    collect(message.id).catch((error: unknown) => logger.warn('could not collect metrics', { error }));
  else if (message.type === 'scraped') metricsScrape.received(message.id, message.exposition);
  else if (feed) feed.received(message);
  else early.push(message);
});
// Ctrl+C reaches every process of the group at once: the primary drains the workers in order.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
send({ type: 'hello' });
