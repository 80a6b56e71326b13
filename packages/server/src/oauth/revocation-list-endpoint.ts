import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJsonParts } from '../http/respond.js';
import type { OAuthServer } from './context.js';

/** Verifiers poll every few seconds; a short shared cache keeps a fleet of them cheap. */
const REVOCATION_CACHE = {
  'cache-control': 'public, max-age=5',
  'access-control-allow-origin': '*',
} as const;

/** Cursors are short; anything longer is not one of ours and gets the full list. */
const MAX_CURSOR_LENGTH = 100;

/**
 * Gatehouse's kill switch for verifiers. Without `since`, the full list; with the `cursor` of
 * an earlier answer, only what changed after it (`full: false`), or the full list again
 * (`full: true`) when the cursor is unknown or older than this instance can answer from.
 * The wire format is described in the verify package's README.
 */
export function revocationListEndpoint(
  server: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> | void {
  const since = sinceOf(req.url ?? '');
  // The cursor came from an instance further along the change log: catch up first, or this
  // one would have to answer with a full list older than what the verifier already holds.
  if (since !== undefined && server.runtime.revocations.isAhead(since)) {
    return server.runtime.poll().then(() => send(server, res, since));
  }
  send(server, res, since);
}

function send(server: OAuthServer, res: ServerResponse, since: string | undefined): void {
  const answer = server.runtime.revocations.answer(since);
  const head =
    `{"issuer":${JSON.stringify(server.issuer)},"generated_at":${Math.floor(server.clock.now() / 1000)},` +
    `"full":${answer.full},"cursor":${JSON.stringify(answer.cursor)}`;
  sendJsonParts(res, 200, [Buffer.from(head), ...answer.body], REVOCATION_CACHE);
}

function sinceOf(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const values = new URLSearchParams(url.slice(query + 1)).getAll('since');
  const [since] = values;
  return values.length === 1 && since !== undefined && since.length <= MAX_CURSOR_LENGTH ? since : undefined;
}
