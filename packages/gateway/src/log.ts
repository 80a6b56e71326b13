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
/** About 64 KiB of access lines. */
const FLUSH_ENTRIES = 256;

/** Lines to write, four slots each: time, level, message, fields (flat: no array per line). */
let queue: unknown[] = [];
let timer: NodeJS.Timeout | undefined;
let exitHook = false;

/** The last time formatted: lines of the same millisecond share it. */
let isoTime = -1;
let isoText = '';

/** `{"time","level","msg",...fields}` with Errors as `{ name, message }`, and a newline. */
function format(
  time: number,
  level: string,
  msg: string,
  fields: Record<string, unknown> | undefined,
): string {
  // One object literal with a spread is the cheapest shape for JSON.stringify; Errors are then
  // replaced in place, keeping the key order.
  if (time !== isoTime) {
    isoTime = time;
    isoText = new Date(time).toISOString();
  }
  const entry: Record<string, unknown> = { time: isoText, level, msg, ...fields };
  if (fields) {
    for (const key in fields) {
      const value = fields[key];
      if (value instanceof Error) entry[key] = { name: value.name, message: value.message };
    }
  }
  return `${JSON.stringify(entry)}\n`;
}

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  const entries = queue;
  queue = [];
  let out = '';
  for (let i = 0; i < entries.length; i += 4) {
    const time = entries[i] as number;
    const level = entries[i + 1] as string;
    const msg = entries[i + 2] as string;
    try {
      out += format(time, level, msg, entries[i + 3] as Record<string, unknown> | undefined);
    } catch {
      // A field JSON cannot hold (a cycle, a BigInt): keep the line, and never throw from a timer.
      out += format(time, level, msg, { log_error: 'fields not serializable' });
    }
  }
  if (out) process.stdout.write(out);
}

/**
 * Lines go out in batches, every 100 ms or 256 lines, and at exit: at proxy rates a write per
 * request (a system call when stdout is a file or pipe) costs a fifth of the request. They are
 * also formatted then, all together: formatting one line per request in between network work
 * cost several times more CPU than formatting the batch at once. The gateway passes every call
 * a fresh fields object and never changes it afterwards.
 */
function stdoutBatched(time: number, level: string, msg: string, fields?: Record<string, unknown>): void {
  queue.push(time, level, msg, fields);
  if (queue.length >= FLUSH_ENTRIES * 4) {
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
 * A JSON-lines logger. Access lines are `info`; `warn` drops them. Lines go to stdout in batches
 * unless `write` is given, which then receives each line as it is logged.
 *
 * @example
 * const gateway = await startGateway(config, { logger: jsonLogger('warn') });
 */
export function jsonLogger(level: LogLevel = 'info', write?: (line: string) => void): GatewayLogger {
  const threshold = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < threshold) return;
    if (write === undefined) stdoutBatched(Date.now(), lvl, msg, fields);
    else write(format(Date.now(), lvl, msg, fields));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
