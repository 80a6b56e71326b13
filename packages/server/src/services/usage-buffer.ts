import type { Db } from '../store/db.js';
import { touchClients, touchSecrets } from '../store/repos/clients.js';
import { addUsage, DAY_MS, type UsageCount, utcDay } from '../store/repos/usage.js';
import { ScopeTally } from './scope-tally.js';

/**
 * Last-used times and daily token counts, gathered on the token path and written behind in
 * batches: they are for people, not for the token path to wait on.
 */
export class UsageBuffer {
  private readonly lastUsed = new Map<string, number>();
  /** Secret id → when it last authenticated its client, not yet saved. */
  private readonly secretsUsed = new Map<string, number>();
  /** Client id → UTC day number → tokens issued, not yet saved. */
  private readonly usage = new Map<string, Map<number, number>>();
  /** Client id → resource server id → scope → last use and tokens, not yet saved. */
  private readonly scopes: ScopeTally;

  constructor(private readonly db: Db) {
    this.scopes = new ScopeTally(db);
  }

  /**
   * A token was issued. `scopes` are the granted names the token path already holds (the
   * client's cached permission list), so counting them allocates nothing per token once
   * the client's scope was seen since the last flush.
   */
  note(clientId: string, at: number, resourceId?: string, scopes?: readonly string[]): void {
    if (resourceId !== undefined && scopes !== undefined) this.scopes.note(clientId, resourceId, scopes, at);
    this.lastUsed.set(clientId, at);
    const day = Math.floor(at / DAY_MS);
    let days = this.usage.get(clientId);
    if (!days) {
      days = new Map();
      this.usage.set(clientId, days);
    }
    days.set(day, (days.get(day) ?? 0) + 1);
  }

  /** A client secret authenticated its client: one map write, nothing more on the token path. */
  noteSecret(secretId: string, at: number): void {
    this.secretsUsed.set(secretId, at);
  }

  /** Saves last-used times and usage counts; counts that fail to save are kept for the next try. */
  async flush(): Promise<void> {
    await this.flushClients();
    await this.scopes.flush();
  }

  private async flushClients(): Promise<void> {
    if (this.usage.size > 0) {
      const counts: UsageCount[] = [];
      for (const [clientId, days] of this.usage) {
        for (const [day, tokens] of days) {
          counts.push({ clientId, day: utcDay(day * DAY_MS), tokens });
        }
      }
      this.usage.clear();
      try {
        await addUsage(this.db, counts);
      } catch (error) {
        for (const c of counts) {
          const day = Math.floor(Date.parse(c.day) / DAY_MS);
          const days = this.usage.get(c.clientId) ?? new Map<number, number>();
          this.usage.set(c.clientId, days);
          days.set(day, (days.get(day) ?? 0) + c.tokens);
        }
        throw error;
      }
    }
    if (this.secretsUsed.size > 0) {
      const secrets = new Map(this.secretsUsed);
      this.secretsUsed.clear();
      // A failed write is not retried: the next use of the secret notes it again.
      await touchSecrets(this.db, secrets);
    }
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    this.lastUsed.clear();
    await touchClients(this.db, batch);
  }
}
