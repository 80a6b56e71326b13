import type { Db } from '../db.js';
import { POOL_AUTH_CODE_COLUMNS, type PoolAuthCodeRow } from './pool-auth-codes.js';
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

/** Where each of USER_SELECT's columns sits after the grant row's own. */
const U = {
  sub: 0,
  username: 1,
  email: 2,
  emailVerified: 3,
  enabled: 4,
  attributes: 5,
  passwordChangedAt: 6,
  group: 7,
} as const;

/** The grant row's column names, in the order a statement's SELECT lists them. */
function namesOf(columns: string): string[] {
  return columns.split(',').map((column) => (column.trim().split('.').pop() as string).trim());
}

/**
 * Rows come as arrays (Db.rows): the grant row's columns named by `keys`, then the person's
 * (USER_SELECT), one row per group. Objects are built here, once, with a fixed shape.
 */
function split<Row>(keys: readonly string[], rows: unknown[][]): GrantWithUser<Row> | undefined {
  const [first] = rows;
  if (first === undefined) return undefined;
  const row: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) row[keys[i] as string] = first[i];
  const at = keys.length;
  const groups: string[] = [];
  for (const r of rows) if (r[at + U.group] !== null) groups.push(r[at + U.group] as string);
  const user: GrantUserRow | undefined =
    first[at + U.sub] === null
      ? undefined
      : {
          sub: first[at + U.sub] as string,
          username: first[at + U.username] as string,
          email: first[at + U.email] as string | null,
          email_verified: Number(first[at + U.emailVerified]),
          enabled: Number(first[at + U.enabled]),
          attributes: first[at + U.attributes] as string,
          password_changed_at: first[at + U.passwordChangedAt] as number | null,
          groups,
        };
  return { row: row as Row, user };
}

const REFRESH_KEYS = namesOf(REFRESH_TOKEN_COLUMNS);

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
  const rows = await db.rows(REFRESH_WITH_USER.get(source.sql) as string, source.params);
  return split<PoolRefreshTokenRow>(REFRESH_KEYS, rows);
}

/** Columns named rather than `x.*`, so their order is POOL_AUTH_CODE_COLUMNS' on both stores. */
const CODE_WITH_USER = `SELECT ${POOL_AUTH_CODE_COLUMNS.map((k) => `x.${k}`).join(', ')}, ${USER_SELECT}
  FROM pool_auth_codes x ${USER_JOINS} WHERE x.code_hash = ? ${GROUP_ORDER}`;

/** An authorization code with its person and their groups in one statement, as above. */
export async function findPoolAuthCodeWithUser(
  db: Db,
  codeHash: string,
): Promise<GrantWithUser<PoolAuthCodeRow> | undefined> {
  const rows = await db.rows(CODE_WITH_USER, [codeHash]);
  return split<PoolAuthCodeRow>(POOL_AUTH_CODE_COLUMNS, rows);
}
