import type { Db } from '../db.js';

/** Tokens a client got with one scope since the last flush, and when it last got one. */
export interface ScopeUsageCount {
  clientId: string;
  resourceServerId: string;
  scope: string;
  lastUsedAt: number;
  tokens: number;
}

export interface ScopeUsageRow {
  client_id: string;
  resource_server_id: string;
  scope: string;
  last_used_at: number;
  tokens: number;
}

/**
 * Adds counts and moves last use forward, never back: several instances flushing the same
 * scope add up. One transaction: callers send chunks, sorted so that two instances flushing
 * at once take row locks in one order.
 */
export async function addScopeUsage(db: Db, counts: readonly ScopeUsageCount[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const c of counts) {
      await tx.run(
        `INSERT INTO scope_usage (client_id, resource_server_id, scope, last_used_at, tokens) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (client_id, resource_server_id, scope) DO UPDATE SET
           last_used_at = CASE WHEN excluded.last_used_at > scope_usage.last_used_at
             THEN excluded.last_used_at ELSE scope_usage.last_used_at END,
           tokens = scope_usage.tokens + excluded.tokens`,
        [c.clientId, c.resourceServerId, c.scope, c.lastUsedAt, c.tokens],
      );
    }
  });
}

/** Every counted scope; reports read it whole once, then join in memory with what clients hold. */
export function listScopeUsage(db: Db): Promise<ScopeUsageRow[]> {
  return db.all<ScopeUsageRow>(
    'SELECT client_id, resource_server_id, scope, last_used_at, tokens FROM scope_usage',
  );
}
