import type { AnyVerifiedClaims } from './claims.js';

/** Which API Gateway authorizer's way of writing claims as strings to follow. */
export type ClaimsStyle = 'rest' | 'http';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * `Fri Dec 04 22:53:19 UTC 2026`: how a REST API's Cognito authorizer writes `exp` and `iat`.
 *
 * @example
 * ```ts
 * import { cognitoDate } from '@gatehouse/verify/lambda';
 *
 * cognitoDate(1796425200); // 'Fri Dec 04 23:00:00 UTC 2026'
 * ```
 */
export function cognitoDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

function render(name: string, value: unknown, style: ClaimsStyle): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return style === 'rest' && (name === 'exp' || name === 'iat') ? cognitoDate(value) : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    // A REST API joins lists with commas; an HTTP API's JWT authorizer writes `[a b]`.
    return style === 'rest' ? items.join(',') : `[${items.join(' ')}]`;
  }
  return JSON.stringify(value);
}

/**
 * A token's claims as API Gateway's user-pool authorizers hand them to the integration: every
 * value a string (API Gateway's context takes no objects or lists). The Lambda authorizers hand
 * on every token's claims so, a machine's as a person's: behind them a handler written for a
 * Cognito authorizer reads `claims.sub` (a machine token's client), `claims.client_id` and
 * `claims.scope` as it would behind Cognito.
 * - `rest`: like a REST API's Cognito authorizer (`requestContext.authorizer.claims`): lists
 *   comma-joined (`cognito:groups: "admins,editors"`), `exp`/`iat` as `Fri Dec 04 22:53:19 UTC
 *   2026`, other numbers and booleans as their text (`auth_time: "1796424799"`, `email_verified: "true"`).
 * - `http`: like an HTTP API's JWT authorizer (`requestContext.authorizer.jwt.claims`): lists
 *   as `[admins editors]`, numbers and booleans as their text.
 * The verifier's own `scopes` is left out (it is not a claim); `scope` stays.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@gatehouse/verify';
 * import { cognitoStringClaims } from '@gatehouse/verify/lambda';
 *
 * declare const token: string;
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * const claims = cognitoStringClaims(await verifier.verify(token), 'rest');
 * claims.exp; // 'Fri Dec 04 23:00:00 UTC 2026'
 * ```
 */
export function cognitoStringClaims(claims: AnyVerifiedClaims, style: ClaimsStyle): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (name === 'scopes') continue;
    const text = render(name, value, style);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** True for a pool's tokens (they carry `token_use`): the answer is about a person. */
export function isPoolToken(claims: AnyVerifiedClaims): boolean {
  return claims.token_use === 'id' || claims.token_use === 'access';
}
