import { Counter, Histogram, type Registry } from 'prom-client';
import { StoreUnreachable, UniqueViolation, UnstorableValue } from '../store/db.js';

/** What a store call was: a read (all/get), a write (run), a whole transaction, or raw SQL (migrations). */
export type StoreOp = 'read' | 'write' | 'transaction' | 'exec';
const OPS: readonly StoreOp[] = ['read', 'write', 'transaction', 'exec'];

/** Why a call failed, in words an operator acts on: the store is away, or a request's value was refused, or a bug. */
type StoreErrorKind = 'unreachable' | 'constraint' | 'other';
const KINDS: readonly StoreErrorKind[] = ['unreachable', 'constraint', 'other'];

export interface StoreMetrics {
  /** `started` is performance.now() when the call began. */
  done(op: StoreOp, started: number): void;
  failed(op: StoreOp, started: number, error: unknown): void;
}

export const noopStoreMetrics: StoreMetrics = {
  done() {},
  failed() {},
};

/** Sub-millisecond (an SQLite read) up to the seconds of a PostgreSQL that stopped answering. */
const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function kindOf(error: unknown): StoreErrorKind {
  if (error instanceof StoreUnreachable) return 'unreachable';
  if (error instanceof UniqueViolation || error instanceof UnstorableValue) return 'constraint';
  return 'other';
}

/**
 * `gatehouse_store_query_duration_seconds{op}` and `gatehouse_store_errors_total{op,kind}`.
 * Labelled by kind of call, never by SQL text: the set of labels stays fixed.
 */
export class PromStoreMetrics implements StoreMetrics {
  private readonly duration = new Map<StoreOp, { observe(value: number): void }>();
  private readonly errors = new Map<string, { inc(): void }>();

  constructor(registry: Registry) {
    const duration = new Histogram({
      name: 'gatehouse_store_query_duration_seconds',
      help: 'Store calls by kind (read|write|transaction|exec), including those that failed',
      labelNames: ['op'] as const,
      buckets: BUCKETS,
      registers: [registry],
    });
    const errors = new Counter({
      name: 'gatehouse_store_errors_total',
      help: 'Store calls that failed, by kind of call and of failure (unreachable|constraint|other)',
      labelNames: ['op', 'kind'] as const,
      registers: [registry],
    });
    for (const op of OPS) {
      duration.zero({ op });
      this.duration.set(op, duration.labels(op));
      for (const kind of KINDS) {
        errors.inc({ op, kind }, 0);
        this.errors.set(`${op} ${kind}`, errors.labels(op, kind));
      }
    }
  }

  done(op: StoreOp, started: number): void {
    this.duration.get(op)?.observe((performance.now() - started) / 1000);
  }

  failed(op: StoreOp, started: number, error: unknown): void {
    this.done(op, started);
    this.errors.get(`${op} ${kindOf(error)}`)?.inc();
  }
}
