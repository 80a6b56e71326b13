import type { Logger } from '../log.js';
import { flushStdoutLines } from '../log-stdout.js';
import { MAX_LOG_MESSAGE_CHARS, type ToPrimary } from './messages.js';

/**
 * A worker's log lines, on their way to the primary: the one process of a cluster that writes
 * stdout. Every worker writing its own batches to the shared pipe would corrupt lines, since a
 * write of more than 4096 bytes to a pipe may be split and interleaved with another process's.
 * The batches themselves are made as without a cluster (log-stdout.ts: every 100 ms or 64 KiB);
 * this sends each one as a `log` message.
 *
 * Backpressure: a message counts as in flight until Node has written it to the channel. While
 * more than MAX_IN_FLIGHT_CHARS are, batches wait here, up to MAX_HELD_CHARS; beyond that lines
 * are dropped, and a warning says how many once the primary has caught up. Nothing here blocks:
 * a slow reader costs memory, up to the caps, never the event loop.
 */
export const MAX_IN_FLIGHT_CHARS = 1024 * 1024;
export const MAX_HELD_CHARS = 8 * 1024 * 1024;

type Send = (message: ToPrimary, then?: () => void) => void;

const countLines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * `lines` cut at line ends into pieces of at most `max` characters; a single line longer than
 * that cannot be sent whole, so it is left out and counted.
 */
export function splitLines(lines: string, max: number): { pieces: string[]; tooLong: number } {
  if (lines.length <= max) return { pieces: [lines], tooLong: 0 };
  const pieces: string[] = [];
  let tooLong = 0;
  let piece = '';
  for (let start = 0; start < lines.length;) {
    const end = lines.indexOf('\n', start) + 1 || lines.length;
    const line = lines.slice(start, end);
    start = end;
    if (line.length > max) {
      tooLong++;
      continue;
    }
    if (piece.length + line.length > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += line;
  }
  if (piece !== '') pieces.push(piece);
  return { pieces, tooLong };
}

export class LogForwarder {
  private inFlight = 0;
  private readonly held: string[] = [];
  private heldChars = 0;
  private dropped = 0;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly send: Send,
    /** Where to warn about dropped lines: the worker's logger, which may change at its start. */
    private readonly logger: () => Logger,
  ) {}

  /** Takes one batch of whole lines (log-stdout.ts's destination in a worker). */
  write(lines: string): void {
    const { pieces, tooLong } = splitLines(lines, MAX_LOG_MESSAGE_CHARS);
    this.dropped += tooLong;
    for (const piece of pieces) {
      if (this.held.length === 0 && this.fits(piece)) this.post(piece);
      else if (this.heldChars + piece.length <= MAX_HELD_CHARS) {
        this.held.push(piece);
        this.heldChars += piece.length;
      } else this.dropped += countLines(piece);
    }
  }

  /**
   * Sends every line logged so far; settles once all are written to the channel, or after
   * `timeoutMs` (a primary that does not read must not keep a worker from exiting).
   */
  flush(timeoutMs: number): Promise<void> {
    flushStdoutLines();
    if (this.inFlight === 0 && this.held.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idle.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idle.add(done);
    });
  }

  /** One message fits while the channel is not backed up; the first always does. */
  private fits(piece: string): boolean {
    return this.inFlight === 0 || this.inFlight + piece.length <= MAX_IN_FLIGHT_CHARS;
  }

  private post(lines: string): void {
    this.inFlight += lines.length;
    this.send({ type: 'log', lines }, () => {
      this.inFlight -= lines.length;
      this.pump();
    });
  }

  private pump(): void {
    for (let next = this.held[0]; next !== undefined && this.fits(next); next = this.held[0]) {
      this.held.shift();
      this.heldChars -= next.length;
      this.post(next);
    }
    if (this.held.length > 0) return;
    if (this.dropped > 0) {
      const dropped = this.dropped;
      this.dropped = 0;
      // Goes out with the next batch, like any other line.
      this.logger().warn('log lines dropped: the primary did not take them as fast as they came', {
        dropped,
      });
    }
    if (this.inFlight === 0) for (const done of [...this.idle]) done();
  }
}
