import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import { OAuthError, PayloadTooLarge, ServerError } from '../oauth/errors.js';
import { NO_STORE, sendJson } from './respond.js';
import type { Router } from './router.js';

/** Turns every failure into JSON: OAuth errors as they are, anything else as an opaque 500. */
function handleError(error: unknown, req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const known = error instanceof OAuthError ? error : undefined;
  // The caller hung up mid-request: nothing failed here, and nobody is left to answer.
  if (!known && req.destroyed && !req.complete) {
    logger.debug('client went away mid-request', { method: req.method, path: req.url?.split('?')[0] });
    res.destroy();
    return;
  }
  if (!known) logger.error('request failed', { method: req.method, path: req.url?.split('?')[0], error });
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

export function createHttpServer(router: Router, logger: Logger, maxBodyBytes: number): Server {
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 20_000 },
    (req, res) => {
      let handler: ReturnType<Router['find']>;
      try {
        handler = router.find(req.method ?? 'GET', req.url ?? '/');
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
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      handleError(new PayloadTooLarge(maxBodyBytes), req, res, logger);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
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
