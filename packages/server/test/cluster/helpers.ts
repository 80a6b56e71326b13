import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { type Agent, request } from 'node:http';
import type { Readable } from 'node:stream';
import { CLI, cleanEnv, spawnCli } from '../cli/helpers.js';
import type { TestBackend } from '../support/backends.js';

/** A `gatehouse serve --json` process and what it said when it started. */
export interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Where stdout is read from: the server's pipe, or the reader's given `readStdoutWith`. */
  output: Readable;
  /** Settles once stdout has been read to its end. */
  closed: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `gatehouse serve --port 0 --json …args` and waits for its `serving` line. With
 * `readStdoutWith` (a command and its arguments), the server's stdout is a pipe to that command,
 * as to a log shipper, and what it writes is read instead.
 */
export function serve(
  backend: TestBackend,
  args: string[],
  env: Record<string, string> = {},
  readStdoutWith?: [string, ...string[]],
): Promise<Served> {
  const argv = ['serve', '--port', '0', '--json', ...args];
  let child: ChildProcess;
  let output: Readable;
  let closed: Promise<void>;
  if (readStdoutWith) {
    const [command, ...rest] = readStdoutWith;
    const reader = spawn(command, rest, { stdio: ['pipe', 'pipe', 'inherit'] });
    child = spawn(process.execPath, [CLI, ...argv], {
      env: cleanEnv({ ...backend.env(), ...env }),
      stdio: ['ignore', reader.stdin ?? 'pipe', 'pipe'],
    });
    // The server holds the pipe's other end now; the reader ends when the server does.
    reader.stdin?.destroy();
    output = reader.stdout as Readable;
    closed = new Promise((resolve) => reader.once('close', () => resolve()));
  } else {
    child = spawnCli(argv, { ...backend.env(), ...env });
    output = child.stdout as Readable;
    closed = new Promise((resolve) => child.once('close', () => resolve()));
  }
  let out = '';
  let err = '';
  let resolved = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), 60_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    output.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (resolved) return;
      // Whole lines only: a chunk may end mid-line.
      const line = out
        .slice(0, out.lastIndexOf('\n') + 1)
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; url?: string })
        .find((l) => l.msg === 'serving');
      if (line?.url) {
        resolved = true;
        clearTimeout(timer);
        const port = Number(new URL(line.url).port);
        resolve({ child, url: line.url, port, stdout: () => out, output, closed, exit });
      }
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${signal ?? code}) before serving:\n${out}\n${err}`));
    });
  });
}

/** The processes whose parent is `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces; the fields after its closing parenthesis do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children.sort((a, b) => a - b);
}

/**
 * Which of `pids` holds the server's end of the TCP connection from local port `clientPort` to
 * `serverPort`: the kernel's connection table gives the socket's inode, and each process's open
 * file descriptors say who has it. No help from Gatehouse itself.
 */
export function connectionOwner(serverPort: number, clientPort: number, pids: number[]): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  let inode: string | undefined;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex(serverPort)}`) && fields[2]?.endsWith(`:${hex(clientPort)}`))
        inode = fields[9];
    }
  }
  if (inode === undefined) return undefined;
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return undefined;
}

export interface TokenAnswer {
  status: number;
  error: string | undefined;
  /** This end's port of the connection that carried the request. */
  localPort: number;
}

/** A client_credentials request over `agent`'s connection (keep-alive agents reuse theirs). */
export function tokenRequest(
  url: string,
  agent: Agent | false,
  client: { id: string; secret: string },
  scope: string,
): Promise<TokenAnswer> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope }).toString();
  const auth = Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString(
    'base64',
  );
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/oauth2/token`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          authorization: `Basic ${auth}`,
        },
      },
      (res) => {
        const localPort = res.socket.localPort ?? 0;
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { error?: string };
          resolve({ status: res.statusCode ?? 0, error: parsed.error, localPort });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.end(body);
  });
}
