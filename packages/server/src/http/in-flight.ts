import type { Server } from 'node:http';

/**
 * Requests being answered, so that shutdown knows when the last answer has gone: node:http's
 * close waits for every connection to end, and a connection kept alive after its last answer
 * would otherwise hold shutdown until its keep-alive timeout (65 s).
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  constructor(server: Server) {
    server.on('request', (_req, res) => {
      this.count++;
      res.once('close', () => {
        this.count--;
        if (this.count === 0) for (const waiter of this.waiters.splice(0)) waiter();
      });
    });
  }

  /** Settles once no request is being answered. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
