import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Exchange } from '../exchange.js';
import { ANSWERS, sendJson } from '../respond.js';
import { responseHeaders } from './headers.js';
import type { Upstream } from './upstream.js';

export interface ForwardTimeouts {
  /** Longest silence from the upstream: before its answer starts (504), or while it streams (cut). */
  upstreamMs: number;
}

export interface ForwardHooks {
  /** The gateway is shutting down: answers close their connection. */
  closing(): boolean;
}

/** Bodiless requests on a reused keep-alive socket the upstream had just closed are sent again, once. */
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Sends the request to the upstream and streams the answer back, both ways without buffering.
 * Refused or reset connections answer 502, no status line within `upstreamMs` answers 504;
 * once the answer has started, a failure can only cut the connection.
 */
export function forward(
  ex: Exchange,
  upstream: Upstream,
  path: string,
  headers: string[],
  timeouts: ForwardTimeouts,
  hooks: ForwardHooks,
  retried = false,
): void {
  const { req, res } = ex;
  const body = hasBody(req);
  let upReq: ClientRequest;
  try {
    upReq = upstream.request({
      agent: upstream.agent,
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path,
      headers,
      setHost: false,
    });
  } catch (error) {
    // A header value Node will not send (e.g. a control character from the caller).
    ex.error = `upstream_request: ${(error as Error).message}`;
    sendJson(res, 502, ANSWERS.badGateway);
    return;
  }
  ex.upstream = upReq;
  if (!retried) ex.upstreamStart = performance.now();

  let timedOut = false;
  // One socket timer for the whole exchange (a timer per phase costs more than it tells).
  upReq.setTimeout(timeouts.upstreamMs, () => {
    timedOut = true;
    upReq.destroy(new Error('upstream timeout'));
  });

  upReq.once('response', (upRes) => {
    ex.upstreamMs = performance.now() - ex.upstreamStart;
    if (ex.done) {
      upRes.destroy();
      return;
    }
    if (hooks.closing()) res.shouldKeepAlive = false;
    res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, responseHeaders(upRes));
    // pipe rather than pipeline: pipeline costs an AbortController (and a DOMException) per
    // call, measurable at proxy speeds. The failure paths it covers are handled here and in Exchange.
    upRes.on('error', () => {
      ex.error ??= ex.done ? 'client_closed' : timedOut ? 'upstream_timeout' : 'upstream_reset';
      res.destroy();
    });
    upRes.pipe(res);
  });

  upReq.on('error', (error: NodeJS.ErrnoException) => {
    if (ex.done) return; // the caller left; destroying the upstream request is what brought us here
    if (res.headersSent) {
      ex.error ??= 'upstream_reset';
      res.destroy();
      return;
    }
    if (
      !retried &&
      !timedOut &&
      !body &&
      upReq.reusedSocket &&
      error.code === 'ECONNRESET' &&
      RETRYABLE.has(req.method ?? '')
    ) {
      forward(ex, upstream, path, headers, timeouts, hooks, true);
      return;
    }
    if (hooks.closing()) res.shouldKeepAlive = false;
    if (timedOut) {
      ex.error = 'upstream_timeout';
      sendJson(res, 504, ANSWERS.gatewayTimeout);
    } else {
      ex.error = `upstream_${error.code ?? 'error'}`;
      sendJson(res, 502, ANSWERS.badGateway);
    }
  });

  if (body) {
    // pipe, not pipeline: an upstream that fails mid-upload must not take the caller's socket
    // with it before the 502 is sent. A caller that leaves is handled by Exchange (res 'close').
    req.pipe(upReq);
  } else {
    upReq.end();
  }
}
