import type { Db } from '../db.js';
import type { PoolAuthCodeRow } from './pool-auth-codes.js';
import {
  REFRESH_TOKEN_COLUMNS,
  REFRESH_TOKEN_SOURCES,
  type PoolRefreshTokenRow,
  type RefreshTokenRef,
  refreshTokenSource,
} from './pool-refresh-tokens.js';

/** The person behind a code or refresh token, as the token path needs them (no password hash). */
export interface GrantUserRow {
  sub: string;
  username: string;
  email: string | null;
  email_verified: number;
  enabled: number;
  attributes: string;
  password_changed_at: number | null;
  /** In the order groupsOfUser gives them (precedence, then name). */
  groups: string[];
}

/** A code or refresh token row with its person, undefined when the person no longer exists. */
export interface GrantWithUser<Row> {
  row: Row;
  user: GrantUserRow | undefined;
}

/**
 * Prefixed, so they never clash with the grant row's own columns. One row per group (one with
 * a null group for a person in none), ordered as groupsOfUser orders them.
 */
const USER_SELECT = `u.sub AS u_sub, u.username AS u_username, u.email AS u_email,
  u.email_verified AS u_email_verified, u.enabled AS u_enabled, u.attributes AS u_attributes,
  u.password_changed_at AS u_password_changed_at, g.name AS u_group`;
// Memberships by sub alone, which is unique across pools: with the pool too, SQLite would walk
// the pool's memberships through the primary key (pool_id, group_name, sub) instead.
const USER_JOINS = `LEFT JOIN pool_users u ON u.pool_id = x.pool_id AND u.sub = x.sub
  LEFT JOIN pool_group_members m ON m.sub = u.sub
  LEFT JOIN pool_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name`;
const GROUP_ORDER = 'ORDER BY CASE WHEN g.precedence IS NULL THEN 1 ELSE 0 END, g.precedence, g.name';

interface UserColumns {
  u_sub: string | null;
  u_username: string;
  u_email: string | null;
  u_email_verified: number;
  u_enabled: number;
  u_attributes: string;
  u_password_changed_at: number | null;
  u_group: string | null;
}
const USER_KEYS: readonly (keyof UserColumns)[] = [
  'u_sub',
  'u_username',
  'u_email',
  'u_email_verified',
  'u_enabled',
  'u_attributes',
  'u_password_changed_at',
  'u_group',
];

const USER_KEY_SET: ReadonlySet<string> = new Set(USER_KEYS);

function split<Row>(rows: (Row & UserColumns)[]): GrantWithUser<Row> | undefined {
  const [first] = rows;
  if (first === undefined) return undefined;
  const user: GrantUserRow | undefined =
    first.u_sub === null
      ? undefined
      : {
          sub: first.u_sub,
          username: first.u_username,
          email: first.u_email,
          email_verified: Number(first.u_email_verified),
          enabled: Number(first.u_enabled),
          attributes: first.u_attributes,
          password_changed_at: first.u_password_changed_at,
          groups: rows.flatMap((r) => (r.u_group === null ? [] : [r.u_group])),
        };
  // Copied without the person's columns rather than deleted from a copy: deleting turns the
  // object into a slow dictionary for every read of it after.
  const row: Record<string, unknown> = {};
  for (const key in first) {
    if (!USER_KEY_SET.has(key)) row[key] = first[key as keyof typeof first];
  }
  return { row: row as Row, user };
}

const REFRESH_WITH_USER = new Map<string, string>(
  REFRESH_TOKEN_SOURCES.map((from) => [
    from,
    `SELECT x.*, ${USER_SELECT} FROM (SELECT ${REFRESH_TOKEN_COLUMNS} FROM ${from}) x ${USER_JOINS} ${GROUP_ORDER}`,
  ]),
);

/**
 * A refresh token with its family, person and groups in one statement: the refresh grant's only
 * read, where a token row, a user row and a group list would otherwise be three round trips.
 */
export async function findPoolRefreshTokenWithUser(
  db: Db,
  ref: RefreshTokenRef,
): Promise<GrantWithUser<PoolRefreshTokenRow> | undefined> {
  const source = refreshTokenSource(ref);
  const rows = await db.all<PoolRefreshTokenRow & UserColumns>(
    REFRESH_WITH_USER.get(source.sql) as string,
    source.params,
  );
  return split(rows);
}

/** An authorization code with its person and their groups in one statement, as above. */
export async function findPoolAuthCodeWithUser(
  db: Db,
  codeHash: string,
): Promise<GrantWithUser<PoolAuthCodeRow> | undefined> {
  const rows = await db.all<PoolAuthCodeRow & UserColumns>(
    `SELECT x.*, ${USER_SELECT} FROM pool_auth_codes x ${USER_JOINS} WHERE x.code_hash = ? ${GROUP_ORDER}`,
    [codeHash],
  );
  return split(rows);
}
