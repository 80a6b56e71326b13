import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The app's side of the redirect: a loopback server standing in for an app's callback and its
 * signed-out page. It answers every path with a small page and remembers what it was sent, so a
 * test sees exactly the URL the browser landed on (code, state, iss, or an error).
 */
export interface Receiver {
  base: string;
  /** The registered redirect URI. */
  callback: string;
  /** The registered post-logout (Cognito: logout) URI. */
  signedOut: string;
  /** Every URL the browser was sent to, oldest first. */
  hits: URL[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hits: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    hits.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><title>App</title><p id="landed">${url.pathname.replace(/[^\w/-]/g, '')}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    callback: `${base}/callback`,
    signedOut: `${base}/signed-out`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
