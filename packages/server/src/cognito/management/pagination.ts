import { z } from 'zod';
import { invalidParameter } from '../errors.js';
import { str } from '../input.js';

export const nextTokenField = () => str(1, 131072, /^[\S]+$/).optional();

/**
 * One page of a list, with an opaque NextToken naming where the next page starts: the sort key
 * of the last item given, so items added or removed meanwhile neither repeat nor hide others.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  max: number,
  nextToken: string | undefined,
): { items: T[]; nextToken: string | undefined } {
  const after = nextToken === undefined ? undefined : decode(nextToken);
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const items_ = rest.slice(0, max);
  const last = items_.at(-1);
  return {
    items: items_,
    nextToken: rest.length > max && last !== undefined ? encode(keyOf(last)) : undefined,
  };
}

const tokenSchema = z.object({ after: z.string() });

function encode(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decode(token: string): string {
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).after;
  } catch {
    throw invalidParameter('Invalid pagination token.');
  }
}
