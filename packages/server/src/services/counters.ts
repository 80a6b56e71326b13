/**
 * Process-wide counters, kept in memory per instance: cheap enough for hot paths, and the
 * shape a metrics endpoint exports (name, then label values). Not shared between instances:
 * each instance reports its own, and the metrics system adds them up.
 */
export class Counters {
  private readonly values = new Map<string, number>();

  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}

/** The counters Gatehouse keeps; a label value, if any, follows in braces. */
export const COUNTER = {
  clientAuthFailures: 'gatehouse_client_auth_failures_total',
  clientAuthThrottled: 'gatehouse_client_auth_throttled_total',
} as const;
