/**
 * Log lines to this process's stdout in batches: every 100 ms or 64 KiB, and when the process
 * exits. A write per line is a system call per request when stdout is a pipe or a file, which
 * cost the token endpoint more than the rest of the access log. pino's own async destination
 * would batch too, but through fs.write on libuv's thread pool, where tokens are signed; this
 * writes from the event loop, as the gateway's logger does.
 *
 * Lines reach stdout on a graceful stop, on process.exit() (a second Ctrl+C) and on a crash by
 * an uncaught exception, since Node runs 'exit' handlers for all three. Only a process killed
 * outright (SIGKILL, out of memory) loses what the last 100 ms logged.
 */
const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;

let pending = '';
let timer: NodeJS.Timeout | undefined;
let exitHook = false;
let destination = (lines: string): void => void process.stdout.write(lines);

/**
 * Where each batch goes instead of stdout, from now on. A cluster's worker sends its batches to
 * the primary (cluster/log-forward.ts), the one process that writes stdout: batches of several
 * processes written to one pipe could interleave mid-line.
 */
export function sendStdoutLinesTo(write: (lines: string) => void): void {
  destination = write;
}

/** Writes every line logged so far. */
export function flushStdoutLines(): void {
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
  }
  if (pending === '') return;
  const out = pending;
  pending = '';
  destination(out);
}

/** Queues one line (with its newline), or several whole ones, for stdout. */
export function writeStdoutLine(line: string): void {
  pending += line;
  if (!exitHook) {
    exitHook = true;
    process.once('exit', flushStdoutLines);
  }
  if (pending.length >= FLUSH_BYTES) flushStdoutLines();
  else if (timer === undefined) timer = setTimeout(flushStdoutLines, FLUSH_MS).unref();
}
