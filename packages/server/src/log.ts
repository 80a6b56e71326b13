import { createRequire } from 'node:module';
import type * as PinoExports from 'pino';
import type { DestinationStream, Logger as Pino } from 'pino';
import { CENSOR, FLAT_REDACT_PATHS, NESTED_REDACT_PATHS } from './log-redaction.js';
import { writeStdoutLine } from './log-stdout.js';

/**
 * Structured logs: one JSON object per line, written by pino. Callers pass facts, never
 * credentials; fields named like one are redacted anyway (log-redaction.ts).
 *
 *   {"level":"info","time":"2026-01-05T08:00:00.000Z","pid":4242,"msg":"request","method":"POST",…}
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Written = Exclude<LogLevel, 'silent'>;

/** An Error as a plain object; its stack only where someone will read it. */
function serializeError(error: Error, withStack: boolean, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') out.code = code;
  if (withStack) out.stack = error.stack;
  if (error.cause instanceof Error && depth < 2)
    out.cause = serializeError(error.cause, withStack, depth + 1);
  return out;
}

type PinoModule = typeof PinoExports;
let loaded: PinoModule | undefined;

/**
 * pino, loaded when the first logger that writes is made: CLI commands other than `serve` log
 * nothing, and should not pay for loading it at every start.
 */
function pinoModule(): PinoModule {
  loaded ??= createRequire(import.meta.url)('pino') as PinoModule;
  return loaded;
}

function pinoFor(level: LogLevel, paths: readonly string[], destination: DestinationStream): Pino<never> {
  const { pino } = pinoModule();
  return pino(
    {
      level,
      // pid tells apart the lines of several processes on one host; no hostname, which every
      // log shipper adds anyway.
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...paths], censor: CENSOR },
    },
    destination,
  );
}

/**
 * A logger writing one line per call to `write`; by default to stdout, in batches flushed at
 * exit (log-stdout.ts). Stacks of errors go on error lines, and on every line at level debug.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = writeStdoutLine): Logger {
  if (level === 'silent') return silentLogger;
  const destination: DestinationStream = { write };
  const flat = pinoFor(level, FLAT_REDACT_PATHS, destination);
  const nested = pinoFor(level, NESTED_REDACT_PATHS, destination);
  const emit = (lvl: Written, msg: string, fields: Record<string, unknown> | undefined) => {
    // `msg` first, then the fields: a person reading raw lines sees what happened before the details.
    const entry: Record<string, unknown> = { msg };
    let hasObject = false;
    if (fields) {
      for (const key of Object.keys(fields)) {
        let value = fields[key];
        if (value instanceof Error) value = serializeError(value, lvl === 'error' || level === 'debug');
        if (typeof value === 'object' && value !== null) hasObject = true;
        entry[key] = value;
      }
    }
    (hasObject ? nested : flat)[lvl](entry);
  };
  const method = (lvl: Written) =>
    flat.isLevelEnabled(lvl)
      ? (msg: string, fields?: Record<string, unknown>) => emit(lvl, msg, fields)
      : () => {};
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}

const nothing = () => {};
export const silentLogger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
