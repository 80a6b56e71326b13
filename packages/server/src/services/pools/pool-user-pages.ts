import type { PoolUser } from '@gatehouse/schemas';
import { customIssue } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { groupsOfUsers } from '../../store/repos/pool-groups.js';
import { type PoolUserSearchRow, searchPoolUsers } from '../../store/repos/pool-user-search.js';
import type { Actor } from '../actor.js';
import { ValidationError } from '../errors.js';
import { requirePool } from './pool-access.js';
import { emailKey, usernameKey } from './pool-user-lookup.js';
import { poolUserView } from './pool-views.js';

/** Attributes kept in the attributes column that a search may match on (Cognito's searchable set). */
export const SEARCHABLE_ATTRIBUTES = [
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
] as const;
export type SearchableAttribute = (typeof SEARCHABLE_ATTRIBUTES)[number];

/**
 * One condition on a pool's users. Usernames, emails and statuses match without case (as
 * they are stored and compared everywhere else); attributes and subs match as written.
 */
export type PoolUserSearch =
  | {
      field: 'username' | 'email' | 'sub' | 'status' | SearchableAttribute;
      match: 'exact' | 'prefix';
      value: string;
    }
  | { field: 'enabled'; value: boolean };

export interface PoolUserPageQuery {
  search?: PoolUserSearch | undefined;
  /** The cursor a previous page returned. */
  after?: string | undefined;
  limit: number;
}

export interface PoolUserPage {
  users: PoolUser[];
  /** Present when more users follow: pass it back as `after`. */
  after?: string;
}

export const MAX_PAGE = 1000;
/** Longer than any username, email or attribute a user can have (2048); longer cannot match. */
const MAX_VALUE = 2048;

function rowCondition(search: PoolUserSearch): PoolUserSearchRow {
  if (search.field === 'enabled') return { enabled: search.value ? 1 : 0 };
  const { match, value } = search;
  switch (search.field) {
    case 'username':
      return { target: { column: 'username_key' }, match, value: usernameKey(value) };
    case 'email':
      return { target: { column: 'email_key' }, match, value: emailKey(value) };
    case 'status':
      return { target: { column: 'status' }, match, value: value.toUpperCase() };
    case 'sub':
      return { target: { column: 'sub' }, match, value };
    default:
      return { target: { attribute: search.field }, match, value };
  }
}

function check(query: PoolUserPageQuery): void {
  const issues = [];
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE) {
    issues.push(customIssue('limit', `must be a whole number from 1 to ${MAX_PAGE}`));
  }
  const search = query.search;
  if (search && search.field !== 'enabled') {
    if (search.value.length > MAX_VALUE) {
      issues.push(customIssue('search', `must be at most ${MAX_VALUE} characters`));
    }
    // eslint-disable-next-line no-control-regex -- PostgreSQL cannot hold NUL; no value has controls
    if (/[\u0000-\u001F\u007F]/.test(search.value)) {
      issues.push(customIssue('search', 'must not contain control characters'));
    }
    if (!['username', 'email', 'sub', 'status', ...SEARCHABLE_ATTRIBUTES].includes(search.field)) {
      issues.push(customIssue('search', `cannot search on "${String(search.field)}"`));
    }
  }
  if (query.after !== undefined && query.after.length > 1024) {
    issues.push(customIssue('after', 'is not a cursor this list returned'));
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * A page of a pool's users by username, matching at most one condition. A page of `limit`
 * users comes back with a cursor only when another user follows it.
 */
export async function pagePoolUsers(
  db: Db,
  poolId: string,
  actor: Actor,
  query: PoolUserPageQuery,
): Promise<PoolUserPage> {
  check(query);
  const pool = await requirePool(db, poolId, actor, 'read');
  const rows = await searchPoolUsers(db, pool.row.id, {
    where: query.search && rowCondition(query.search),
    after: query.after,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const groups = await groupsOfUsers(
    db,
    page.map((r) => r.sub),
  );
  const users = page.map((row) => poolUserView(row, groups.get(row.sub) ?? []));
  const last = page.at(-1);
  return rows.length > query.limit && last ? { users, after: last.username_key } : { users };
}
