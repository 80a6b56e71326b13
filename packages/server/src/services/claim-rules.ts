import { customIssue, type ValidationIssue } from '@gatehouse/schemas';

/**
 * Claims that Gatehouse sets itself or whose meaning verifiers rely on, so no static claim or
 * hook may supply them. Beyond the JWT/RFC 9068 ones (iss … client_id), token_use and cnf:
 * `act` and `may_act` would forge RFC 8693 delegation; `azp`, `auth_time`, `acr` and `amr`
 * would misstate who authenticated and how (OIDC Core); `nonce`, `at_hash`, `sid` belong to
 * ID tokens and sessions; `version` and `cognito:*` are Cognito's own shape
 * (services/cognito-token-claims.ts). The token path lets the registered claims win anyway:
 * refusing them here is so that nobody configures a claim that silently never appears.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'scope',
  'client_id',
  'cnf',
  'token_use',
  'act',
  'may_act',
  'azp',
  'auth_time',
  'acr',
  'amr',
  'nonce',
  'at_hash',
  'sid',
  'version',
]);

/** Prefixes reserved the same way: Cognito's namespace. */
const RESERVED_PREFIXES = ['cognito:'] as const;

/** Most claims on one client or resource server (or in one hook answer). */
export const MAX_CLAIMS = 50;
/** Longest claim name, in characters. */
export const MAX_CLAIM_KEY_LENGTH = 128;
/** Largest single value, as UTF-8 JSON. */
export const MAX_CLAIM_VALUE_BYTES = 2048;
/** Largest set of claims on one entity, as UTF-8 JSON: every token carries it. */
export const MAX_CLAIMS_BYTES = 8192;
/** Deepest nesting of objects and arrays inside one value. */
export const MAX_CLAIM_DEPTH = 8;

/**
 * A claim name: a short name (`tenant`, `team_id`) or a collision-resistant URI-like name
 * (`https://example.com/tier`, RFC 7519 §4.2). Printable ASCII without spaces, quotes or
 * backslashes, so it is safe in a shell, a URL path and a log line.
 */
const KEY = /^[A-Za-z_][A-Za-z0-9_.:/~-]*$/;

export function isReservedClaim(key: string): boolean {
  return RESERVED_CLAIMS.has(key) || RESERVED_PREFIXES.some((p) => key.startsWith(p));
}

/** Depth of nesting, or Infinity past the limit (so a hostile value is not walked whole). */
function depth(value: unknown, level = 0): number {
  if (level > MAX_CLAIM_DEPTH) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'object' || value === null) return level;
  let deepest = level + 1;
  for (const inner of Array.isArray(value) ? value : Object.values(value)) {
    deepest = Math.max(deepest, depth(inner, level + 1));
    if (deepest > MAX_CLAIM_DEPTH) return Number.POSITIVE_INFINITY;
  }
  return deepest;
}

function valueIssue(path: string, value: unknown): ValidationIssue | undefined {
  if (value === null || value === undefined) {
    return customIssue(path, 'a claim value cannot be null; unset the claim instead');
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return customIssue(path, 'a number claim must be finite');
  }
  if (!['string', 'number', 'boolean', 'object'].includes(typeof value)) {
    return customIssue(path, 'a claim value is a string, number, boolean, JSON object or array');
  }
  if (depth(value) > MAX_CLAIM_DEPTH) {
    return customIssue(path, `a claim value nests at most ${MAX_CLAIM_DEPTH} levels deep`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > MAX_CLAIM_VALUE_BYTES) {
    return customIssue(
      path,
      `a claim value is at most ${MAX_CLAIM_VALUE_BYTES} bytes as JSON (this one is ${bytes})`,
    );
  }
  return undefined;
}

/**
 * The problems with a set of claims, each at `<field>.<key>` (or `<field>` for the whole):
 * refused names (registered claims), bad names, null or oversized values, too many or too
 * large in all. An empty array means the claims may be stored or added to a token.
 */
export function validateClaims(claims: unknown, field: string): ValidationIssue[] {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return [customIssue(field, 'claims are a JSON object of claim names to values')];
  }
  const issues: ValidationIssue[] = [];
  const entries = Object.entries(claims);
  if (entries.length > MAX_CLAIMS) {
    issues.push(customIssue(field, `at most ${MAX_CLAIMS} claims (got ${entries.length})`));
    return issues;
  }
  for (const [key, value] of entries) {
    const path = field ? `${field}.${key}` : key;
    if (isReservedClaim(key)) {
      issues.push(
        customIssue(path, `"${key}" is a registered claim that Gatehouse sets itself; choose another name`),
      );
      continue;
    }
    if (key.length > MAX_CLAIM_KEY_LENGTH) {
      issues.push(customIssue(path, `a claim name is at most ${MAX_CLAIM_KEY_LENGTH} characters`));
      continue;
    }
    if (!KEY.test(key)) {
      issues.push(
        customIssue(
          path,
          `"${key}" is not a valid claim name: start with a letter or _, then letters, digits and _ . : / ~ -`,
        ),
      );
      continue;
    }
    const problem = valueIssue(path, value);
    if (problem) issues.push(problem);
  }
  if (issues.length === 0) {
    const total = Buffer.byteLength(JSON.stringify(claims), 'utf8');
    if (total > MAX_CLAIMS_BYTES) {
      issues.push(
        customIssue(
          field,
          `claims are at most ${MAX_CLAIMS_BYTES} bytes as JSON in all (these are ${total})`,
        ),
      );
    }
  }
  return issues;
}
