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
  /** Total requests per second to hold (autocannon's overallRate); unset means as fast as possible. */
  rate?: number;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Runs autocannon in its own process, so the load generator's event loop never shares a core
 * with the code under test more than the OS decides. Keep-alive, pipelining 1.
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
