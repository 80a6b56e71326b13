import type { Db } from '../db.js';
import { recordChange } from './changes.js';

export type HookFailMode = 'closed' | 'open';

/** A resource server's token hook as stored; `secret` is sealed (services/token-hook-secrets.ts). */
export interface TokenHookRow {
  resource_server_id: string;
  url: string;
  secret: string;
  timeout_ms: number;
  fail_mode: HookFailMode;
  created_at: number;
  updated_at: number;
}

export function getTokenHook(db: Db, resourceServerId: string): Promise<TokenHookRow | undefined> {
  return db.get<TokenHookRow>('SELECT * FROM token_hooks WHERE resource_server_id = ?', [resourceServerId]);
}

export function listTokenHooks(db: Db): Promise<TokenHookRow[]> {
  return db.all<TokenHookRow>('SELECT * FROM token_hooks');
}

/**
 * Creates or replaces the hook, and records a resource-server change so every instance reloads
 * it (and drops the answers it cached from the old one).
 */
export async function putTokenHook(tx: Db, row: TokenHookRow): Promise<void> {
  await tx.run(
    `INSERT INTO token_hooks (resource_server_id, url, secret, timeout_ms, fail_mode, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource_server_id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
       timeout_ms = excluded.timeout_ms, fail_mode = excluded.fail_mode, updated_at = excluded.updated_at`,
    [
      row.resource_server_id,
      row.url,
      row.secret,
      row.timeout_ms,
      row.fail_mode,
      row.created_at,
      row.updated_at,
    ],
  );
  await recordChange(tx, 'resource_server', row.resource_server_id, row.updated_at);
}

/** False when there was no hook. */
export async function deleteTokenHook(tx: Db, resourceServerId: string, now: number): Promise<boolean> {
  const { changes } = await tx.run('DELETE FROM token_hooks WHERE resource_server_id = ?', [
    resourceServerId,
  ]);
  if (changes > 0) await recordChange(tx, 'resource_server', resourceServerId, now);
  return changes > 0;
}
