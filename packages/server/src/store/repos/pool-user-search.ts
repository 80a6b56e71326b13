import type { Db, SqlValue } from '../db.js';
import type { PoolUserRow } from './pool-users.js';

/** Where a search looks: a column (already folded the way the column is), or one attribute. */
export type PoolUserSearchTarget =
  { column: 'username_key' | 'email_key' | 'sub' | 'status' } | { attribute: string };

export type PoolUserSearchRow =
  { target: PoolUserSearchTarget; match: 'exact' | 'prefix'; value: string } | { enabled: 0 | 1 };

export interface PoolUserPageRows {
  where?: PoolUserSearchRow | undefined;
  /** The username_key of the last user of the previous page. */
  after?: string | undefined;
  limit: number;
}

/** An attribute's value out of the JSON column; the name travels as a parameter, never as SQL. */
function attributeExpression(db: Db, name: string): { sql: string; params: SqlValue[] } {
  return db.dialect === 'postgres'
    ? { sql: '(CAST(attributes AS jsonb) ->> CAST(? AS TEXT))', params: [name] }
    : { sql: 'json_extract(attributes, ?)', params: [`$."${name.replace(/"/g, '')}"`] };
}

function condition(db: Db, where: PoolUserSearchRow): { sql: string; params: SqlValue[] } {
  if ('enabled' in where) return { sql: 'enabled = ?', params: [where.enabled] };
  const target =
    'attribute' in where.target
      ? attributeExpression(db, where.target.attribute)
      : { sql: where.target.column, params: [] };
  if (where.match === 'exact') return { sql: `${target.sql} = ?`, params: [...target.params, where.value] };
  // A prefix compared as a substring, not as a LIKE pattern: `%`, `_` and `\` in a search are
  // themselves, and SQLite's LIKE would also ignore case where the value keeps it. Both stores
  // count characters (code points) in substr.
  return {
    sql: `substr(${target.sql}, 1, ?) = ?`,
    params: [...target.params, [...where.value].length, where.value],
  };
}

/**
 * A page of a pool's users by username, optionally those matching one condition, starting
 * after a username key. Usernames are unique per pool, so the key is an exact cursor.
 */
export function searchPoolUsers(db: Db, poolId: string, query: PoolUserPageRows): Promise<PoolUserRow[]> {
  const clauses = ['pool_id = ?'];
  const params: SqlValue[] = [poolId];
  if (query.where) {
    const c = condition(db, query.where);
    clauses.push(c.sql);
    params.push(...c.params);
  }
  if (query.after !== undefined) {
    clauses.push('username_key > ?');
    params.push(query.after);
  }
  params.push(query.limit);
  return db.all<PoolUserRow>(
    `SELECT * FROM pool_users WHERE ${clauses.join(' AND ')} ORDER BY username_key LIMIT ?`,
    params,
  );
}
