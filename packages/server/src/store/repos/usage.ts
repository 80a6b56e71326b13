import type { Db } from '../db.js';

export const DAY_MS = 86_400_000;

/** The UTC day of an epoch-ms time, as stored: YYYY-MM-DD. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface UsageCount {
  clientId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  tokens: number;
}

/** Adds to the daily counters; several instances flushing the same day add up rather than overwrite. */
export async function addUsage(db: Db, counts: readonly UsageCount[]): Promise<void> {
  if (counts.length === 0) return;
  await db.transaction(async (tx) => {
    for (const c of counts) {
      await tx.run(
        `INSERT INTO usage_daily (client_id, day, tokens) VALUES (?, ?, ?)
         ON CONFLICT (client_id, day) DO UPDATE SET tokens = usage_daily.tokens + excluded.tokens`,
        [c.clientId, c.day, c.tokens],
      );
    }
  });
}

export function usageSince(
  db: Db,
  clientId: string,
  fromDay: string,
): Promise<{ day: string; tokens: number }[]> {
  return db.all('SELECT day, tokens FROM usage_daily WHERE client_id = ? AND day >= ? ORDER BY day', [
    clientId,
    fromDay,
  ]);
}
