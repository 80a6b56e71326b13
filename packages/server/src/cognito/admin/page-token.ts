import { invalidParameter } from '../errors.js';
import type { CognitoContext } from '../operation.js';

/** A day: long enough for any listing, short enough that old tokens stop working. */
const PAGE_TOKEN_TTL_MS = 86_400_000;

/**
 * A pagination token: where the next page starts, bound to the operation, the pool and the
 * query it came from, under the master key's MAC. A token changed, expired or used for another
 * query is refused instead of quietly starting somewhere else.
 */
export function sealPageToken(
  ctx: CognitoContext,
  purpose: string,
  query: unknown,
  position: unknown,
): string {
  return ctx.gatehouse.poolHandles.seal(`cognito ${purpose}`, { q: query, at: position }, PAGE_TOKEN_TTL_MS);
}

/** The position a token carries; undefined without a token. */
export function openPageToken(
  ctx: CognitoContext,
  purpose: string,
  query: unknown,
  token: string | undefined,
): unknown {
  if (token === undefined) return undefined;
  const opened = ctx.gatehouse.poolHandles.open(`cognito ${purpose}`, token) as
    { q?: unknown; at?: unknown } | undefined;
  if (!opened || JSON.stringify(opened.q) !== JSON.stringify(query) || opened.at === undefined) {
    throw invalidParameter('The pagination token is invalid, expired, or from another request.');
  }
  return opened.at;
}
