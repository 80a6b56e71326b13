import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { LoadResult } from './load.js';
import type { PacedOptions } from './paced.js';
import { percentile } from './stats.js';

const HEADER_END = Buffer.from('\r\n\r\n');
const REQUEST_TIMEOUT_MS = 10_000;

interface Connection {
  socket: Socket;
  /** When the request in flight was due; undefined while idle. */
  dueAt: number | undefined;
  buffer: Buffer;
}

function requestBuffers(options: PacedOptions): Buffer[] {
  const { host } = new URL(options.url);
  return options.requests.map((r) => {
    const body = Buffer.from(r.body ?? '');
    const headers = Object.entries(r.headers ?? {})
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const head =
      `${r.method ?? 'GET'} ${r.path} HTTP/1.1\r\nhost: ${host}\r\n${headers}` +
      `content-length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  });
}

/** Length of the first complete response in `buffer` and its status, or undefined if incomplete. */
function completeResponse(buffer: Buffer): { length: number; status: number } | undefined {
  const end = buffer.indexOf(HEADER_END);
  if (end === -1) return undefined;
  const head = buffer.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!match) throw new Error('response without content-length; the paced generator needs one');
  const length = end + HEADER_END.length + Number(match[1]);
  return buffer.length >= length ? { length, status } : undefined;
}

async function run(options: PacedOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(options.url);
  const requests = requestBuffers(options);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let next = 0;
  const queue: number[] = [];
  const idle: Connection[] = [];
  const all: Connection[] = [];
  let inFlight = 0;
  /** Requests due before this (the warm-up) are sent and answered but not counted. */
  let measureFrom = Number.POSITIVE_INFINITY;

  const send = (conn: Connection, dueAt: number) => {
    conn.dueAt = dueAt;
    inFlight++;
    conn.socket.write(requests[next++ % requests.length] as Buffer);
  };
  const dispatch = () => {
    while (queue.length > 0 && idle.length > 0) send(idle.pop() as Connection, queue.shift() as number);
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), noDelay: true });
      const conn: Connection = { socket, dueAt: undefined, buffer: Buffer.alloc(0) };
      all.push(conn);
      conn.socket.once('connect', () => {
        idle.push(conn);
        resolve();
      });
      conn.socket.on('data', (chunk: Buffer) => {
        conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
        const done = completeResponse(conn.buffer);
        if (!done || conn.dueAt === undefined) return;
        if (conn.dueAt >= measureFrom) {
          latencies.push(performance.now() - conn.dueAt);
          if (done.status >= 200 && done.status < 300) ok++;
          else non2xx++;
        }
        conn.buffer = conn.buffer.subarray(done.length);
        conn.dueAt = undefined;
        inFlight--;
        const due = queue.shift();
        if (due !== undefined) send(conn, due);
        else idle.push(conn);
      });
      conn.socket.on('error', (error) => {
        errors++;
        reject(error);
      });
      conn.socket.on('close', () => {
        const at = idle.indexOf(conn);
        if (at !== -1) idle.splice(at, 1);
        if (conn.dueAt !== undefined) {
          inFlight--;
          conn.dueAt = undefined;
        }
      });
    });
  await Promise.all(Array.from({ length: options.connections }, open));

  const start = performance.now();
  measureFrom = start + (options.warmupSeconds ?? 0) * 1000;
  const end = measureFrom + options.durationSeconds * 1000;
  let scheduled = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const until = Math.min(now, end);
      const due = Math.floor(((until - start) * options.rate) / 1000);
      // Due requests start now; any wait for a free connection is counted in their latency.
      for (; scheduled < due; scheduled++) queue.push(now);
      dispatch();
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const deadline = performance.now() + REQUEST_TIMEOUT_MS;
  while ((inFlight > 0 || queue.length > 0) && performance.now() < deadline) {
    dispatch();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  timeouts = inFlight + queue.length;
  const seconds = (performance.now() - measureFrom) / 1000;
  for (const conn of all) conn.socket.destroy();
  return {
    rps: ok / options.durationSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    requests: latencies.length,
    seconds,
    non2xx,
    errors,
    timeouts,
  };
}

process.once('message', (options: PacedOptions) => {
  run(options).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});
