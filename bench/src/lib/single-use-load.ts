import { connect, type Socket } from 'node:net';
import type { LoadOptions, LoadRequest, LoadResult } from './load.js';
import { percentile } from './stats.js';

/** A request as it goes on the wire: request line, headers and body, encoded once, before timing. */
function encode(r: LoadRequest, host: string): Buffer {
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  let head = `${r.method ?? 'GET'} ${r.path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [name, value] of Object.entries(r.headers ?? {})) head += `${name}: ${value}\r\n`;
  if (body) head += `content-length: ${body.length}\r\n`;
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

interface Response {
  status: number;
  /** Bytes the whole response took, headers and body. */
  size: number;
  close: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Where a chunked body ends (RFC 9112 §7.1), or -1 while more is needed. */
function chunkedEnd(data: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const line = data.indexOf(CRLF, at);
    if (line < 0) return -1;
    const size = Number.parseInt(data.toString('latin1', at, line).split(';')[0] as string, 16);
    if (!Number.isFinite(size)) throw new Error('malformed chunk size in a response');
    if (size === 0) {
      const end = data.indexOf(HEAD_END, line);
      return end < 0 ? -1 : end + 4;
    }
    at = line + 2 + size + 2;
    if (at > data.length) return -1;
  }
}

/** One complete response at the start of `data`, or undefined while more bytes are needed. */
export function parseResponse(data: Buffer): Response | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  if (!head.startsWith('http/1.1 ') || !Number.isInteger(status)) throw new Error('not an HTTP/1.1 response');
  const close = /\r\nconnection:\s*close/.test(head);
  const bodyStart = headEnd + 4;
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    const end = chunkedEnd(data, bodyStart);
    return end < 0 ? undefined : { status, size: end, close };
  }
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head)?.[1];
  // 204 and 304 have no body; anything else without a length would end only at close.
  if (length === undefined && status !== 204 && status !== 304) throw new Error('a response with no length');
  const size = bodyStart + Number(length ?? 0);
  return data.length < size ? undefined : { status, size, close };
}

/**
 * Sends every request of the list exactly once, in list order, over `connections` keep-alive
 * connections (one request at a time on each), and times each answer. For lists of single-use
 * requests (codes, refresh tokens): autocannon would rebuild each one from its parts as it goes
 * (setupRequest), which on the two cores the servers share costs more than half again what
 * sending a ready-made one does. Stops after `durationSeconds` if answers stop coming.
 */
export function sendOnce(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const wire = options.requests.map((r) => encode(r, url.host));
  const total = Math.min(options.amount ?? wire.length, wire.length);
  const latencies = new Float64Array(total);
  let next = 0;
  let answered = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let open = 0;
  let first = Number.NaN;
  let last = Number.NaN;

  return new Promise((resolve) => {
    let finished = false;
    const sockets = new Set<Socket>();
    const finish = (timeouts: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      for (const socket of sockets) socket.destroy();
      const times = Array.from(latencies.subarray(0, answered));
      const at = (p: number) => (answered > 0 ? percentile(times, p) : 0);
      const seconds = answered > 0 ? (last - first) / 1000 : 0;
      resolve({
        rps: seconds > 0 ? ok / seconds : 0,
        p50: at(50),
        p99: at(99),
        max: at(100),
        requests: answered + errors,
        seconds,
        non2xx,
        errors,
        timeouts,
      });
    };
    const deadline = setTimeout(() => finish(total - answered - errors), options.durationSeconds * 1000);

    const connection = () => {
      if (next >= total) return;
      open++;
      const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
      sockets.add(socket);
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let inFlight = false;
      let connected = false;
      const send = () => {
        if (next >= total) {
          socket.end();
          return;
        }
        const index = next++;
        inFlight = true;
        sentAt = performance.now();
        if (Number.isNaN(first)) first = sentAt;
        socket.write(wire[index] as Buffer);
      };
      socket.on('connect', () => {
        connected = true;
        send();
      });
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let response: Response | undefined;
        try {
          response = parseResponse(pending);
        } catch {
          socket.destroy(new Error('unreadable response'));
          return;
        }
        if (!response) return;
        const now = performance.now();
        latencies[answered++] = now - sentAt;
        last = now;
        inFlight = false;
        if (response.status >= 200 && response.status < 300) ok++;
        else non2xx++;
        pending = pending.subarray(response.size);
        if (response.close) socket.end();
        else send();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        open--;
        // A request cut off counts as an error; its token is spent either way, so the run goes on.
        if (inFlight || !connected) errors++;
        if (finished) return;
        // A server that refuses connections ends the run, rather than being dialled in a loop.
        if (connected && next < total) connection();
        else if (open === 0) finish(0);
      });
    };
    for (let i = 0; i < Math.min(options.connections, total); i++) connection();
    if (total === 0) finish(0);
  });
}
