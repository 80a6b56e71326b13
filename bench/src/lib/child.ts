import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunningChild {
  /** Base URL the child listens on, e.g. http://127.0.0.1:41234. */
  url: string;
  pid: number;
  /** Resident set size in bytes, read from /proc (0 where there is no /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** What a child script sends on its IPC channel once it listens. */
export interface ReadyMessage {
  ready: { url: string };
}

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts a server script in its own process and waits for its `{ ready: { url } }` message.
 * Every server under test gets a process of its own, as it would in production.
 */
export function startChild(
  script: string,
  options: { args?: string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningChild> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(script, options.args ?? [], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
    child.on('message', (message: Partial<ReadyMessage>) => {
      if (!message.ready) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const pid = child.pid ?? 0;
      resolve({
        url: message.ready.url,
        pid,
        rss: () => rssOf(pid),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** In a child script: tell the parent where we listen. */
export function announceReady(url: string): void {
  process.send?.({ ready: { url } } satisfies ReadyMessage);
}
