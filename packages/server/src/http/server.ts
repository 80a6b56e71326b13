import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '../log.js';
import { StoreUnavailableError } from '../services/errors.js';
import { StoreUnreachable, UnstorableValue } from '../services/store-errors.js';
import { HttpError, PayloadTooLarge, ServerError, TemporarilyUnavailable } from './errors.js';
import { NO_STORE, sendJson } from './respond.js';
import { assignRequestId, requestIdOf } from './request-id.js';
import { watchRequest } from './access-log.js';
import type { Router } from './router.js';

/**
 * A store that cannot be reached is the server's problem for a moment, not a bug: 503 with
 * Retry-After. A value the store refused (a NUL that got past validation) is the request's.
 */
function fromStore(error: unknown, req: IncomingMessage, logger: Logger): HttpError | undefined {
  if (error instanceof StoreUnreachable || error instanceof StoreUnavailableError) {
    logger.warn('request failed: store unreachable', {
      method: req.method,
      path: req.url?.split('?')[0],
      requestId: requestIdOf(req),
      error: error.cause as Error,
    });
    return new TemporarilyUnavailable('the authorization server cannot reach its store; retry shortly');
  }
  if (error instanceof UnstorableValue)
    return new HttpError(400, 'invalid_request', 'a parameter holds a value that cannot be stored');
  return undefined;
}

/** Turns every failure into JSON: HTTP and OAuth errors as they are, anything else as an opaque 500. */
function handleError(error: unknown, req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const known = error instanceof HttpError ? error : fromStore(error, req, logger);
  // The caller hung up mid-request: nothing failed here, and nobody is left to answer.
  if (!known && req.destroyed && !req.complete) {
    logger.debug('client went away mid-request', {
      method: req.method,
      path: req.url?.split('?')[0],
      requestId: requestIdOf(req),
    });
    res.destroy();
    return;
  }
  if (!known) {
    logger.error('request failed', {
      method: req.method,
      path: req.url?.split('?')[0],
      requestId: requestIdOf(req),
      error,
    });
  }
  // What the request sent stays out of the answer; whoever runs the server can still see it.
  else if (known.detail) {
    logger.info('request refused', {
      method: req.method,
      path: req.url?.split('?')[0],
      requestId: requestIdOf(req),
      status: known.status,
      error: known.error,
      detail: known.detail,
    });
  }
  const answer = known ?? new ServerError();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { ...NO_STORE, ...answer.headers };
  // A body we refused to read may still be arriving; close rather than drain it.
  if (error instanceof PayloadTooLarge || !req.complete) headers.connection = 'close';
  sendJson(res, answer.status, answer.toJSON(), headers);
  if (!req.complete) req.resume();
}

export interface HttpServerOptions {
  /** One line per request (http/access-log.ts); on unless turned off. */
  accessLog?: boolean;
}

export function createHttpServer(
  router: Router,
  logger: Logger,
  maxBodyBytes: number,
  options: HttpServerOptions = {},
): Server {
  // A logger that writes nothing needs no line built per request.
  const accessLog = (options.accessLog ?? true) && logger !== silentLogger;
  /** Every request, whichever way it arrives, gets its id and (when on) its access log line. */
  const begin = (req: IncomingMessage, res: ServerResponse) => {
    assignRequestId(req, res);
    if (accessLog) watchRequest(req, res, logger);
  };
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 20_000 },
    (req, res) => {
      begin(req, res);
      let handler: ReturnType<Router['find']>;
      try {
        handler = router.find(req.method ?? 'GET', req.url ?? '/', req);
      } catch (error) {
        handleError(error, req, res, logger);
        return;
      }
      try {
        const pending = handler(req, res);
        if (pending) pending.catch((error: unknown) => handleError(error, req, res, logger));
      } catch (error) {
        handleError(error, req, res, logger);
      }
    },
  );
  // `Expect: 100-continue` with a body we would refuse: say 413 before the client sends it.
  server.on('checkContinue', (req, res) => {
    begin(req, res);
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      handleError(new PayloadTooLarge(maxBodyBytes), req, res, logger);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  // Any other expectation (RFC 9110 §10.1.1): 417, in JSON like every other answer, rather
  // than node:http's empty default.
  server.on('checkExpectation', (req, res) => {
    begin(req, res);
    const description = 'the only Expect value supported is 100-continue';
    const body = req.url?.startsWith('/api/')
      ? { error: 'expectation_failed', message: description }
      : { error: 'expectation_failed', error_description: description };
    sendJson(res, 417, body, { ...NO_STORE, connection: 'close' });
    req.resume();
  });
  // Load balancers keep connections open for 60 s; outlive them so they never race our close.
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({ error: 'invalid_request', error_description: 'malformed HTTP request' });
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
