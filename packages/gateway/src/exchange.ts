import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GatewayLogger } from './log.js';

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * One request through the gateway, from arrival to the access-log line: what it matched, who
 * called, how long the upstream took. Closing the caller's connection early cancels the upstream.
 */
export class Exchange {
  readonly start = performance.now();
  route: string | null = null;
  clientId: string | null = null;
  /** Why the gateway answered by itself or gave up (a VerifyError code, `upstream_timeout`, …). */
  error: string | undefined;
  upstream: ClientRequest | undefined;
  upstreamStart = 0;
  upstreamMs: number | null = null;
  /** The caller is gone, or the answer is complete: nothing more to do. */
  done = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Path without query, as logged. */
    public path: string,
    private readonly logger: GatewayLogger,
    private readonly onDone: (exchange: Exchange) => void,
  ) {
    res.once('close', this.onClose);
  }

  private readonly onClose = (): void => {
    this.done = true;
    const { res } = this;
    const aborted = !res.writableFinished;
    if (aborted && this.upstream && !this.upstream.destroyed) this.upstream.destroy();
    if (this.upstream && this.upstreamMs === null && this.upstreamStart > 0) {
      this.upstreamMs = performance.now() - this.upstreamStart;
    }
    const fields: Record<string, unknown> = {
      method: this.req.method,
      path: this.path,
      route: this.route,
      // 499 (nginx's word): the caller left before the gateway could answer.
      status: res.headersSent ? res.statusCode : 499,
      client_id: this.clientId,
      upstream_ms: this.upstreamMs === null ? null : round(this.upstreamMs),
      total_ms: round(performance.now() - this.start),
    };
    if (this.error !== undefined) fields.error = this.error;
    if (aborted) fields.aborted = true;
    this.logger.info('request', fields);
    this.onDone(this);
  };
}
