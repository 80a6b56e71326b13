import type { Db } from '../store/db.js';
import { addScopeUsage, type ScopeUsageCount } from '../store/repos/scope-usage.js';

const CHUNK = 500;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Last use and token count of one scope of one client, since the last flush. */
interface Tally {
  at: number;
  tokens: number;
}

/**
 * Which scopes each client's tokens carried, counted in memory on the token path and saved
 * in batches. Reports (services/reports/*) read it to find access nobody uses.
 */
export class ScopeTally {
  /** Client id → resource server id → scope → tally. */
  private byClient = new Map<string, Map<string, Map<string, Tally>>>();

  constructor(private readonly db: Db) {}

  /** Map lookups only; a tally object is made once per client and scope between flushes. */
  note(clientId: string, resourceId: string, scopes: readonly string[], at: number): void {
    let byResource = this.byClient.get(clientId);
    if (!byResource) {
      byResource = new Map();
      this.byClient.set(clientId, byResource);
    }
    let byScope = byResource.get(resourceId);
    if (!byScope) {
      byScope = new Map();
      byResource.set(resourceId, byScope);
    }
    for (const scope of scopes) {
      const tally = byScope.get(scope);
      if (tally) {
        tally.tokens++;
        if (at > tally.at) tally.at = at;
      } else byScope.set(scope, { at, tokens: 1 });
    }
  }

  /** Saves what was counted; on failure the counts are kept (added to any new ones) for the next try. */
  async flush(): Promise<void> {
    if (this.byClient.size === 0) return;
    const pending = this.byClient;
    this.byClient = new Map();
    const counts: ScopeUsageCount[] = [];
    for (const [clientId, byResource] of pending) {
      for (const [resourceServerId, byScope] of byResource) {
        for (const [scope, { at, tokens }] of byScope) {
          counts.push({ clientId, resourceServerId, scope, lastUsedAt: at, tokens });
        }
      }
    }
    // Sorted, so two instances flushing at once take row locks in one order; chunked, so the
    // event loop serves requests between commits.
    counts.sort(
      (a, b) =>
        compare(a.clientId, b.clientId) ||
        compare(a.resourceServerId, b.resourceServerId) ||
        compare(a.scope, b.scope),
    );
    for (let i = 0; i < counts.length; i += CHUNK) {
      try {
        await addScopeUsage(this.db, counts.slice(i, i + CHUNK));
      } catch (error) {
        // Earlier chunks committed; this one rolled back: it and the rest wait for the next try.
        for (const c of counts.slice(i)) this.restore(c);
        throw error;
      }
    }
  }

  private restore(c: ScopeUsageCount): void {
    let byResource = this.byClient.get(c.clientId);
    if (!byResource) {
      byResource = new Map();
      this.byClient.set(c.clientId, byResource);
    }
    let byScope = byResource.get(c.resourceServerId);
    if (!byScope) {
      byScope = new Map();
      byResource.set(c.resourceServerId, byScope);
    }
    const tally = byScope.get(c.scope);
    if (tally) {
      tally.tokens += c.tokens;
      if (c.lastUsedAt > tally.at) tally.at = c.lastUsedAt;
    } else byScope.set(c.scope, { at: c.lastUsedAt, tokens: c.tokens });
  }
}
