import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One HTTP request autocannon sends; a list of them is sent round-robin. */
export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:4455 (loopback only). */
  url: string;
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
  /**
   * Total requests per second to hold (autocannon's overallRate); unset means as fast as possible.
   * autocannon sends each connection's quota in a burst at the start of every second: for
   * latency at a given rate, use runPaced (paced.ts) instead.
   */
  rate?: number;
  /**
   * Hand out `requests` in one global rotation across all connections, instead of each
   * connection walking the list from the start. Needed when the list is long (thousands of
   * clients) and every entry must be used, not just the first few of each connection.
   */
  rotate?: boolean;
  /** Stop after this many requests in all instead of after `durationSeconds`. */
  amount?: number;
  /**
   * Send each request of the list exactly once, ready-encoded, instead of through autocannon
   * (single-use-load.ts): for single-use requests, where autocannon rebuilds every request.
   */
  once?: boolean;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  /** Slowest request, when the generator records it (the paced one does). */
  max?: number;
  requests: number;
  /** Seconds the run took (useful with `amount`). */
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Runs autocannon (or, with `once`, sendOnce) in its own process, so the load generator's event
 * loop never shares a core with the code under test more than the OS decides. Keep-alive,
 * pipelining 1.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-worker.js', import.meta.url)), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: LoadResult | undefined;
    child.on('message', (message: { result?: LoadResult; error?: string }) => {
      if (message.error) reject(new Error(message.error));
      else result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator exited with ${code} and no result`));
    });
    child.send(options);
  });
}
