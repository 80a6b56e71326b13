/**
 * When the change log was last read through, on the monotonic clock (performance.now()), so that
 * a frozen or injected test clock cannot make a dead store look alive. Readiness reads it instead
 * of asking the store itself.
 */
export interface PollHealth {
  /** The last load or poll that read the whole log through; undefined before the first. */
  lastSuccessAt: number | undefined;
  /** Whether a periodic poll (not only the load at start) has completed since start. */
  polled: boolean;
}

/**
 * Where this process's changes come from: its own poll of the change log (change-poller.ts),
 * or, in a cluster worker, the primary's poll forwarded over IPC (cluster/forwarded-changes.ts).
 */
export interface ChangeFeed {
  /** Loads everything once, then keeps it current. */
  start(): Promise<void>;
  /** Stops; the returned promise settles when work under way has finished. */
  stop(): Promise<void> | undefined;
  readonly health: Readonly<PollHealth>;
  /** Settles once every change committed before the call has been applied here (or the attempt failed and was logged). */
  poll(): Promise<void>;
}
