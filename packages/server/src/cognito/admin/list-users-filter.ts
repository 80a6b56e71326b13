import {
  type PoolUserSearch,
  SEARCHABLE_ATTRIBUTES,
  type SearchableAttribute,
} from '../../services/pools/pool-user-pages.js';

/** The attributes Cognito's ListUsers can filter on; custom attributes are not searchable there either. */
export const FILTER_ATTRIBUTES = [
  'username',
  'email',
  'sub',
  'cognito:user_status',
  'status',
  ...SEARCHABLE_ATTRIBUTES,
] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

/** `attribute = "value"` (exact) or `attribute ^= "value"` (starts with), as written. */
export interface UserFilter {
  attribute: FilterAttribute;
  match: 'exact' | 'prefix';
  value: string;
}

/** A filter ListUsers cannot read; the message says what is wrong, for InvalidParameterException. */
export class UserFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFilterError';
  }
}

const SHAPE = /^\s*([A-Za-z_:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/su;

/**
 * Reads Cognito's filter syntax: one attribute, `=` or `^=`, and a value in double quotes in
 * which `\"` is a quote and `\\` a backslash (any other backslash stays as written). An empty
 * or blank filter is no filter. Throws UserFilterError for anything else.
 */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const found = SHAPE.exec(filter);
  if (!found) {
    throw new UserFilterError(
      'Error while parsing filter: expected attribute = "value" or attribute ^= "value".',
    );
  }
  const [, name = '', operator, quoted = ''] = found;
  if (!(FILTER_ATTRIBUTES as readonly string[]).includes(name)) {
    throw new UserFilterError(
      `Invalid search attribute: ${name}. Searchable attributes: ${FILTER_ATTRIBUTES.join(', ')}.`,
    );
  }
  // eslint-disable-next-line no-control-regex -- no stored value carries control characters
  if (/[\u0000-\u001F\u007F]/.test(quoted)) {
    throw new UserFilterError('Error while parsing filter: the value contains control characters.');
  }
  return {
    attribute: name as FilterAttribute,
    match: operator === '^=' ? 'prefix' : 'exact',
    value: quoted.replace(/\\(["\\])/g, '$1'),
  };
}

const ENABLED_STATES = ['Enabled', 'Disabled'] as const;

/**
 * The search a filter asks of the pool's users. `status` (Cognito's Enabled column) matches
 * "Enabled" or "Disabled" as written; a value matching neither finds nobody (`'none'`), one
 * matching both (an empty prefix) finds everyone (undefined).
 */
export function searchOf(filter: UserFilter | undefined): PoolUserSearch | 'none' | undefined {
  if (!filter) return undefined;
  const { attribute, match, value } = filter;
  if (attribute === 'status') {
    const states = ENABLED_STATES.filter((s) => (match === 'exact' ? s === value : s.startsWith(value)));
    if (states.length === 0) return 'none';
    if (states.length === 2) return undefined;
    return { field: 'enabled', value: states[0] === 'Enabled' };
  }
  if (attribute === 'cognito:user_status') return { field: 'status', match, value };
  return { field: attribute as 'username' | 'email' | 'sub' | SearchableAttribute, match, value };
}
