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

/** JSON sent as pieces made ahead of time (a fresh head before a cached body), without joining them. */
export function sendJsonParts(
  res: ServerResponse,
  status: number,
  parts: readonly Buffer[],
  headers: Readonly<Record<string, string>> = NO_STORE,
): void {
  let length = 0;
  for (const part of parts) length += part.length;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': length,
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  res.cork();
  for (const part of parts) res.write(part);
  res.end();
  res.uncork();
}
