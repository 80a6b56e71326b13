import http from 'node:http';
import type { Readable } from 'node:stream';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: Buffer | string | Readable;
  signal?: AbortSignal;
  /** A fresh connection per request (no pooling), so tests do not share sockets. */
  agent?: http.Agent | false;
}

/** One request over node:http, the whole answer read. */
export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The path goes out exactly as written: new URL() would resolve `..` before the gateway sees it.
    const match = /^http:\/\/([^/]+)(\/.*)?$/.exec(url);
    if (!match) throw new TypeError(`not an http URL: ${url}`);
    const { hostname, port } = new URL(`http://${match[1]}`);
    const req = http.request(
      {
        host: hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        path: match[2] ?? '/',
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json<T>() {
              return JSON.parse(body.toString('utf8')) as T;
            },
          });
        });
      },
    );
    req.on('error', reject);
    const { body } = options;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
