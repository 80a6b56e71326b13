import type { Config } from '../config.js';
import type { Change } from '../services/change-applier.js';
import { type MetricsJson, parseMetricsJson } from './metrics-json.js';

/**
 * What a cluster's primary and its workers say to each other over the IPC channel. Each side
 * checks every message it receives against these shapes (parse*Message) and ignores, with a
 * warning, anything else: a message that does not fit is a bug, never something to act on.
 */

/** Primary → worker. */
export type ToWorker =
  /** The configuration to serve with: the primary's own, checked once at its start. */
  | { type: 'start'; config: Config }
  /** Changes read from the log, in order; every worker gets every batch. */
  | { type: 'changes'; changes: Change[] }
  /** The log may have moved on unseen: reload everything. */
  | { type: 'resync' }
  /**
   * The primary's last poll: how long ago the store last answered it (null: never yet), and
   * whether a periodic poll has run. Ages, not times: monotonic clocks differ between processes.
   */
  | { type: 'health'; lastSuccessAgoMs: number | null; polled: boolean }
  /** The poll asked for with `id` has finished; every batch it read was sent before this. */
  | { type: 'polled'; id: number }
  /** Stop accepting connections, finish requests in flight, flush, close the store, exit 0. */
  | { type: 'drain' }
  /** Answer `collected` with this worker's own metrics (the primary adds up every worker's). */
  | { type: 'collect'; id: number }
  /** The cluster's metrics for the worker's `scrape` with `id`; null: they could not be added up. */
  | { type: 'scraped'; id: number; exposition: Exposition | null };

/** A Prometheus exposition: what GET /metrics answers. */
export interface Exposition {
  contentType: string;
  body: string;
}

/** Worker → primary. */
export type ToPrimary =
  /** Listening for messages: batches sent from now on reach this worker. */
  | { type: 'hello' }
  /** Serving; every worker shares the port, so these are the same for all. */
  | { type: 'listening'; url: string; issuer: string }
  /** Could not start; `code` is the system error code when there is one (EADDRINUSE, …). */
  | { type: 'failed'; message: string; code: string | undefined }
  /** Poll the change log now (after a write in this worker) and answer `polled` with this id. */
  | { type: 'poll'; id: number }
  /** This worker's metrics, for the primary's `collect` with `id`. */
  | { type: 'collected'; id: number; metrics: MetricsJson }
  /** GET /metrics reached this worker: answer `scraped` with the cluster's metrics. */
  | { type: 'scrape'; id: number }
  /** Log lines for the primary to write to stdout: whole lines, each ending in a newline. */
  | { type: 'log'; lines: string };

/** The most a `log` message may carry, in characters; a worker splits longer batches at lines. */
export const MAX_LOG_MESSAGE_CHARS = 1024 * 1024;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isString = (value: unknown): value is string => typeof value === 'string';

const isLogLines = (value: unknown): value is string =>
  isString(value) && value.length > 0 && value.length <= MAX_LOG_MESSAGE_CHARS && value.endsWith('\n');

function isChange(value: unknown): value is Change {
  return isRecord(value) && isCount(value.seq) && isString(value.kind) && isString(value.entityId);
}

/** The fields every part of a worker reads before anything else; the rest came from loadConfig too. */
function isConfig(value: unknown): value is Config {
  return (
    isRecord(value) &&
    isCount(value.port) &&
    isString(value.host) &&
    isCount(value.workers) &&
    isString(value.dataDir) &&
    isCount(value.changePollMs) &&
    isString(value.logLevel)
  );
}

export function parseWorkerMessage(message: unknown): ToWorker | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'start':
      return isConfig(message.config) ? { type: 'start', config: message.config } : undefined;
    case 'changes': {
      const { changes } = message;
      return Array.isArray(changes) && changes.every(isChange) ? { type: 'changes', changes } : undefined;
    }
    case 'resync':
    case 'drain':
      return { type: message.type };
    case 'health': {
      const { lastSuccessAgoMs, polled } = message;
      if (!(lastSuccessAgoMs === null || (typeof lastSuccessAgoMs === 'number' && lastSuccessAgoMs >= 0)))
        return undefined;
      return typeof polled === 'boolean' ? { type: 'health', lastSuccessAgoMs, polled } : undefined;
    }
    case 'polled':
      return isCount(message.id) ? { type: 'polled', id: message.id } : undefined;
    case 'collect':
      return isCount(message.id) ? { type: 'collect', id: message.id } : undefined;
    case 'scraped': {
      const { id, exposition } = message;
      if (!isCount(id)) return undefined;
      if (exposition === null) return { type: 'scraped', id, exposition };
      if (!isRecord(exposition) || !isString(exposition.contentType) || !isString(exposition.body))
        return undefined;
      return {
        type: 'scraped',
        id,
        exposition: { contentType: exposition.contentType, body: exposition.body },
      };
    }
    default:
      return undefined;
  }
}

export function parsePrimaryMessage(message: unknown): ToPrimary | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'hello':
      return { type: 'hello' };
    case 'listening': {
      const { url, issuer } = message;
      return isString(url) && isString(issuer) ? { type: 'listening', url, issuer } : undefined;
    }
    case 'failed': {
      const { message: text, code } = message;
      if (!isString(text) || !(code === undefined || isString(code))) return undefined;
      return { type: 'failed', message: text, code };
    }
    case 'poll':
      return isCount(message.id) ? { type: 'poll', id: message.id } : undefined;
    case 'collected': {
      const metrics = parseMetricsJson(message.metrics);
      return isCount(message.id) && metrics ? { type: 'collected', id: message.id, metrics } : undefined;
    }
    case 'scrape':
      return isCount(message.id) ? { type: 'scrape', id: message.id } : undefined;
    case 'log':
      return isLogLines(message.lines) ? { type: 'log', lines: message.lines } : undefined;
    default:
      return undefined;
  }
}
