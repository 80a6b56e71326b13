import type { ServerResponse } from 'node:http';

/** Token, introspection and error answers must never be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = NO_STORE,
): void {
  sendRawJson(res, status, JSON.stringify(body), headers);
}

/** For bodies serialised ahead of time, such as the JWKS document. */
export function sendRawJson(
  res: ServerResponse,
  status: number,
  json: string,
  headers: Readonly<Record<string, string>> = NO_STORE,
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(json);
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = NO_STORE,
) {
  res.writeHead(status, { 'content-length': 0, ...headers });
  res.end();
}
