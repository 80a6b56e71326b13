import type { Db } from '../db.js';
import { deleteSetting, getSetting, putSetting } from './settings.js';

/** The settings key of the platform's default limits. */
const PLATFORM_KEY = 'rate_limits';

/**
 * Limits are kept as the JSON text of their parts (the service validates them on the way in
 * and out); null means nothing is set. Only this file knows where they live.
 */
export async function clientRateLimits(db: Db, clientId: string): Promise<string | null> {
  const row = await db.get<{ rate_limits: string | null }>(
    'SELECT rate_limits FROM clients WHERE client_id = ?',
    [clientId],
  );
  return row?.rate_limits ?? null;
}

export async function setClientRateLimits(
  db: Db,
  clientId: string,
  limits: string | null,
  now: number,
): Promise<void> {
  await db.run('UPDATE clients SET rate_limits = ?, updated_at = ? WHERE client_id = ?', [
    limits,
    now,
    clientId,
  ]);
}

export async function teamRateLimits(db: Db, teamId: string): Promise<string | null> {
  const row = await db.get<{ rate_limits: string | null }>('SELECT rate_limits FROM teams WHERE id = ?', [
    teamId,
  ]);
  return row?.rate_limits ?? null;
}

export async function setTeamRateLimits(
  db: Db,
  teamId: string,
  limits: string | null,
  now: number,
): Promise<void> {
  await db.run('UPDATE teams SET rate_limits = ?, updated_at = ? WHERE id = ?', [limits, now, teamId]);
}

export async function platformRateLimits(db: Db): Promise<string | null> {
  return (await getSetting(db, PLATFORM_KEY)) ?? null;
}

export async function setPlatformRateLimits(db: Db, limits: string | null): Promise<void> {
  if (limits === null) await deleteSetting(db, PLATFORM_KEY);
  else await putSetting(db, PLATFORM_KEY, limits);
}

/** The three layers a client's effective limit is made of, in one read for the token path's cache. */
export async function layeredRateLimits(
  db: Db,
  clientId: string,
): Promise<{ client: string | null; team: string | null; platform: string | null }> {
  const row = await db.get<{ client: string | null; team: string | null }>(
    `SELECT c.rate_limits AS client, t.rate_limits AS team
       FROM clients c LEFT JOIN teams t ON t.id = c.team_id
      WHERE c.client_id = ?`,
    [clientId],
  );
  return { client: row?.client ?? null, team: row?.team ?? null, platform: await platformRateLimits(db) };
}

/** A team's clients with their own limits and the tokens they were issued on `day` (YYYY-MM-DD). */
export function teamClientLimits(
  db: Db,
  teamId: string,
  day: string,
): Promise<{ client_id: string; name: string; rate_limits: string | null; tokens: number | null }[]> {
  return db.all(
    `SELECT c.client_id, c.name, c.rate_limits, u.tokens
       FROM clients c LEFT JOIN usage_daily u ON u.client_id = c.client_id AND u.day = ?
      WHERE c.team_id = ?
      ORDER BY c.name, c.client_id`,
    [day, teamId],
  );
}

/** Tokens `clientId` was issued on `day`, as saved so far. */
export async function issuedOn(db: Db, clientId: string, day: string): Promise<number> {
  const row = await db.get<{ tokens: number }>(
    'SELECT tokens FROM usage_daily WHERE client_id = ? AND day = ?',
    [clientId, day],
  );
  return Number(row?.tokens ?? 0);
}
