/**
 * Where the gateway writes: one JSON object a line. The shape matches `@gatehouse/server`'s
 * logger, so the `gatehouse gateway` command passes its own.
 */
export interface GatewayLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;
let pending = '';
let timer: NodeJS.Timeout | undefined;
let exitHook = false;

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  const out = pending;
  pending = '';
  if (out) process.stdout.write(out);
}

/**
 * Lines go out in batches, every 100 ms or 64 KiB, and at exit: at proxy rates a write per
 * request (a system call when stdout is a file or pipe) costs a fifth of the request.
 */
function stdoutBatched(line: string): void {
  pending += line;
  if (pending.length >= FLUSH_BYTES) {
    flush();
  } else if (timer === undefined) {
    timer = setTimeout(flush, FLUSH_MS).unref();
    if (!exitHook) {
      exitHook = true;
      process.once('exit', flush);
    }
  }
}

/**
 * A JSON-lines logger. Access lines are `info`; `warn` drops them.
 *
 * @example
 * const gateway = await startGateway(config, { logger: jsonLogger('warn') });
 */
export function jsonLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = stdoutBatched,
): GatewayLogger {
  const threshold = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < threshold) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg };
    if (fields) {
      for (const key in fields) {
        const value = fields[key];
        entry[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
      }
    }
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
