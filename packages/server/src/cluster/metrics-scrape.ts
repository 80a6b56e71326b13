import { TemporarilyUnavailable } from '../http/errors.js';
import type { MetricsSource } from '../metrics/endpoint.js';
import { COLLECT_WAIT_MS } from './metrics-aggregate.js';
import type { Exposition, ToPrimary } from './messages.js';

/** The primary waits up to COLLECT_WAIT_MS for the workers, then adds up: ample time past that. */
const SCRAPE_ANSWER_MS = COLLECT_WAIT_MS + 4_000;

/**
 * A worker's /metrics without a metrics port: it asks the primary, which adds up every worker's
 * figures (cluster/metrics-aggregate.ts), so every worker answers the same cluster-wide totals.
 */
export class MetricsScrape implements MetricsSource {
  private readonly waiting = new Map<number, (exposition: Exposition | null) => void>();
  private nextId = 0;

  constructor(private readonly send: (message: ToPrimary) => void) {}

  scrape(): Promise<Exposition> {
    const id = ++this.nextId;
    return new Promise<Exposition>((resolve, reject) => {
      const timer = setTimeout(() => answer(null), SCRAPE_ANSWER_MS);
      const answer = (exposition: Exposition | null) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (exposition) resolve(exposition);
        else
          reject(new TemporarilyUnavailable('the cluster\u2019s metrics could not be collected; try again'));
      };
      this.waiting.set(id, answer);
      this.send({ type: 'scrape', id });
    });
  }

  /** The primary's `scraped`; one whose scrape gave up already is dropped. */
  received(id: number, exposition: Exposition | null): void {
    this.waiting.get(id)?.(exposition);
  }
}
