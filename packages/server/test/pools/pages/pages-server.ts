import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createNonce, pageHeaders } from '../../../src/pools/pages/csp.js';
import { CSRF_FIELD, CsrfGuard } from '../../../src/pools/pages/csrf.js';
import type { FormPageModel, PagePurpose } from '../../../src/pools/pages/model.js';
import { formModel, PAGES } from './fixtures.js';

// A stand-in for the routes: serves each rendered page with its real headers and CSRF cookie,
// and answers the sign-in form's POST with the guard's verdict.

export const POOL_PATH = '/pools/local_AbC123xyz';
const PURPOSES: Record<string, PagePurpose> = {
  'sign-in': 'login',
  'sign-up': 'signup',
  confirm: 'confirm',
  'forgot-password': 'forgot-password',
  'reset-password': 'reset-password',
  'new-password': 'new-password',
};

export interface PagesServer {
  base: string;
  /** The headers of each POST the server received. */
  posts: IncomingMessage['headers'][];
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** `variants` turn the plain model into others (long names, errors), chosen by `?variant=`. */
export async function startPagesServer(
  variants: Record<string, (m: FormPageModel) => FormPageModel>,
): Promise<PagesServer> {
  const guard = new CsrfGuard({ key: randomBytes(32) });
  const posts: IncomingMessage['headers'][] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const page = url.pathname.slice(POOL_PATH.length + 1);
      const render = PAGES[page];
      if (req.method === 'POST' && page === 'login') {
        posts.push(req.headers);
        const form = await readForm(req);
        const check = guard.verify(req, form.get(CSRF_FIELD) ?? undefined, {
          poolId: 'local_AbC123xyz',
          purpose: 'login',
          secure: false,
          expectedOrigin: base,
        });
        res.writeHead(check.ok ? 200 : 403, { 'content-type': 'text/plain' });
        res.end(check.ok ? `accepted ${form.get('username')}` : `refused: ${check.reason}`);
        return;
      }
      if (url.pathname === '/control') {
        // Breaks the CSP on purpose, to prove the test would see a violation.
        const nonce = createNonce();
        res.writeHead(200, pageHeaders(nonce));
        res.end('<!doctype html><title>control</title><p style="color:red">inline style</p>');
        return;
      }
      if (req.method !== 'GET' || !url.pathname.startsWith(`${POOL_PATH}/`) || render === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const nonce = createNonce();
      const { token, setCookie } = guard.issue(req, {
        poolId: 'local_AbC123xyz',
        purpose: PURPOSES[page] ?? 'login',
        secure: false,
      });
      const plain = formModel({ nonce, csrfToken: token, basePath: POOL_PATH });
      const variant = variants[url.searchParams.get('variant') ?? ''];
      res.writeHead(200, { ...pageHeaders(nonce), 'set-cookie': setCookie });
      res.end(render(variant ? variant(plain) : plain));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
