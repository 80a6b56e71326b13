import { Counter, type Registry } from 'prom-client';

/** One label combination of a counter, bound once: `inc()` adds to a plain number. */
export class CounterCell {
  value = 0;
  /** What the prom-client counter has been told so far. */
  reported = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    /** Shown at 0 from the first scrape, rather than from its first increment. */
    readonly fromStart: boolean,
  ) {}

  inc(): void {
    this.value++;
  }
}

/**
 * A prom-client Counter whose hot-path increments land in plain numbers and are handed to
 * prom-client when Prometheus scrapes (`collect`). prom-client's own `inc` hashes the labels
 * and validates them on every call, about a microsecond each; a token request makes several,
 * which alone would be a percent or two of its cost.
 */
export class CounterCells<L extends string> {
  private readonly cells: CounterCell[] = [];

  constructor(registry: Registry, config: { name: string; help: string; labelNames: readonly L[] }) {
    const cells = this.cells;
    new Counter<L>({
      ...config,
      registers: [registry],
      collect() {
        for (const cell of cells) {
          const delta = cell.value - cell.reported;
          if (delta === 0 && (cell.reported > 0 || !cell.fromStart)) continue;
          cell.reported = cell.value;
          this.inc(cell.labels as Partial<Record<L, string>>, delta);
        }
      },
    });
  }

  /**
   * The cell of one label combination; call once, keep it. `fromStart` (the default) shows it at
   * 0 before its first increment, so rates and ratios have a series from the first scrape; rare
   * combinations (an unusual error code) turn it off and appear when they first happen.
   */
  cell(labels: Readonly<Record<L, string>>, options: { fromStart?: boolean } = {}): CounterCell {
    const cell = new CounterCell(labels, options.fromStart ?? true);
    this.cells.push(cell);
    return cell;
  }
}
