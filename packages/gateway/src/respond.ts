import type { ServerResponse } from 'node:http';

/** Sends a small JSON answer the gateway makes itself (errors, health). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** The gateway's own error answers, in the OAuth error shape the rest of Gatehouse uses. */
export const ANSWERS = {
  badRequest: {
    error: 'invalid_request',
    error_description: 'the request path is not one the gateway routes',
  },
  notFound: { error: 'not_found', error_description: 'no route matches this path' },
  noSignedClaims: {
    error: 'not_found',
    error_description: 'this gateway signs no claims (signedClaims is not configured)',
  },
  methodNotAllowed: {
    error: 'method_not_allowed',
    error_description: 'the route does not accept this method',
  },
  badGateway: { error: 'bad_gateway', error_description: 'the upstream could not be reached' },
  gatewayTimeout: { error: 'gateway_timeout', error_description: 'the upstream did not answer in time' },
  unavailable: { error: 'temporarily_unavailable', error_description: 'the gateway is shutting down' },
  expectationFailed: {
    error: 'expectation_failed',
    error_description: 'the only Expect value supported is 100-continue',
  },
} as const;
