import type { CliOutput, CliOutputKind } from '@gatehouse/schemas';
import type { Logger, LogLevel } from '../log.js';
import { writeStdoutLine } from '../log-stdout.js';

/** Where a command reads its environment and writes its answers; the real process in production. */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where a server's log lines go; without it, each to `stdout` as it is logged. */
  logLine?(line: string): void;
}

export const processIo: Io = {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // In batches, flushed at exit: a write per request would cost the token endpoint dearly.
  logLine: writeStdoutLine,
};

/**
 * Human output goes to stdout as text; with `--json`, stdout carries exactly one JSON
 * document and nothing else, so `gatehouse … --json | jq` always works.
 */
export class Output {
  constructor(
    readonly io: Io,
    readonly json: boolean,
  ) {}

  /** A line of human output; dropped in JSON mode. */
  line(text = ''): void {
    if (!this.json) this.io.stdout(`${text}\n`);
  }

  /** A note for the person at the terminal (stderr), kept out of piped output. */
  note(text: string): void {
    this.io.stderr(`${text}\n`);
  }

  /**
   * The one JSON answer in `--json` mode, or the human rendering otherwise. `kind` names its
   * schema in `@gatehouse/schemas`, the contract scripts rely on.
   */
  result<K extends CliOutputKind>(kind: K, value: CliOutput<K>, human: () => void): void {
    if (this.json) this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else human();
  }

  table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
    for (const line of formatTable(headers, rows)) this.line(line);
  }

  block(entries: readonly (readonly [string, string])[]): void {
    for (const line of formatBlock(entries)) this.line(line);
  }
}

/** Columns aligned by two spaces; the last column is not padded, so lines carry no trailing blanks. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `key: value` lines with the values aligned; a multi-line value continues under its first line. */
export function formatBlock(entries: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...entries.map(([key]) => key.length)) + 2;
  const lines: string[] = [];
  for (const [key, value] of entries) {
    const [first = '', ...more] = value.split('\n');
    lines.push(`${`${key}:`.padEnd(width)}${first}`.trimEnd());
    for (const line of more) lines.push(`${' '.repeat(width)}${line}`.trimEnd());
  }
  return lines;
}

/** Timestamps stay ISO 8601 (UTC), as stored; absent ones read as a dash. */
export const when = (iso: string | null): string => iso ?? '-';

/** A list cut to fit a table cell: `a,b +3 more`. */
export function summarise(items: readonly string[], width = 60): string {
  if (items.length === 0) return '-';
  let text = '';
  for (const [i, item] of items.entries()) {
    const next = text ? `${text},${item}` : item;
    const more = items.length - i - 1;
    if (next.length > width && text) return `${text} +${items.length - i} more`;
    text = next;
    if (more === 0) return text;
  }
  return text;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The services' log lines, as a person at a terminal wants them: warnings and errors on
 * stderr as `warning: …`, never mixed into stdout where `--json` output goes.
 */
export function terminalLogger(level: LogLevel, io: Io): Logger {
  const threshold = Math.max(ORDER[level], ORDER.warn);
  const emit = (lvl: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < threshold) return;
    const detail = fields && typeof fields.path === 'string' ? ` (${fields.path})` : '';
    io.stderr(`${lvl === 'warn' ? 'warning' : lvl}: ${message}${detail}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
