import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a caller's own X-Request-Id may be for us to keep it: short, and only characters that
 * cannot forge log fields or headers. Anything else (or several headers, which node joins with
 * ", ") is replaced by one of ours.
 */
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<IncomingMessage, string>();

/**
 * Gives the request its id, the caller's when sane, else a random UUID (the shape Cognito's
 * x-amzn-requestid has, so the Cognito wire can answer with the same id), and sets
 * X-Request-Id on the response before any handler writes its head.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  // `Expect: 100-continue` requests get theirs before node emits them as requests.
  const known = ids.get(req);
  if (known !== undefined) return known;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  ids.set(req, id);
  res.setHeader('x-request-id', id);
  return id;
}

/** The id assignRequestId gave this request, for log lines about it. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  return ids.get(req);
}
