import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Echo {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bodyLength: number;
  bodySha256: string;
}

/**
 * The API behind the gateway, for tests:
 * - `/slow?ms=N` answers after N ms; `/hang` never answers;
 * - `/stream-back` streams the request body back as it arrives;
 * - `/download?bytes=N` sends N bytes of a repeating pattern in 64 KiB chunks;
 * - anything else echoes method, URL, headers and the body's length and SHA-256 as JSON.
 * `closed` counts requests whose connection went away before an answer.
 */
export class TestUpstream {
  closed = 0;
  received = 0;
  private readonly server: http.Server;
  url = '';

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.received++;
    const url = new URL(req.url ?? '/', 'http://upstream');
    res.on('close', () => {
      if (!res.writableFinished) this.closed++;
    });
    if (url.pathname.endsWith('/hang')) return;
    if (url.pathname.endsWith('/slow')) {
      const ms = Number(url.searchParams.get('ms') ?? '500');
      const timer = setTimeout(() => this.echo(req, res), ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (url.pathname.endsWith('/stream-back')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      req.pipe(res);
      return;
    }
    if (url.pathname.endsWith('/download')) {
      const total = Number(url.searchParams.get('bytes') ?? '0');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-total': String(total) });
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const piece = pattern(Math.min(64 * 1024, total - sent), sent);
          sent += piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    this.echo(req, res);
  }

  private echo(req: http.IncomingMessage, res: http.ServerResponse): void {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const body: Echo = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyLength: length,
        bodySha256: hash.digest('hex'),
      };
      const text = JSON.stringify(body);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        connection: 'keep-alive, x-upstream-private',
        'x-upstream-private': 'hop-by-hop, must not reach the caller',
        'x-upstream': 'yes',
      });
      res.end(text);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Bytes 0..250 over and over: a body whose corruption or truncation shows. */
export function pattern(length: number, offset = 0): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) buffer[i] = (i + offset) % 251;
  return buffer;
}
