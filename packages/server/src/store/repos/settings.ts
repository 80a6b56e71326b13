import type { Db } from '../db.js';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
}

/** Writes the value only if the key is unset, and returns whichever value won. */
export async function initSetting(db: Db, key: string, value: string): Promise<string> {
  const sql =
    db.dialect === 'postgres'
      ? 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING'
      : 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)';
  await db.run(sql, [key, value]);
  return (await getSetting(db, key)) ?? value;
}

/** Writes the value, replacing any earlier one. */
export async function putSetting(db: Db, key: string, value: string): Promise<void> {
  await db.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.run('DELETE FROM settings WHERE key = ?', [key]);
}
