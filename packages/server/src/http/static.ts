import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { NotFound } from './errors.js';
import { isOperationalPath } from './probes.js';
import type { Handler } from './router.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The portal talks only to its own origin and is never framed, which shuts out clickjacking. */
const SECURITY_HEADERS = {
  'content-security-policy':
    // https: images are the user pools' logos, shown in the branding preview as the hosted pages show them.
    "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The first-run setup link carries a token in its query: never hand it to another site.
  'referrer-policy': 'no-referrer',
};

const RESERVED = ['/oauth2/', '/.well-known/', '/api/', '/resource-servers/'];

/** Where the built portal is: GATEHOUSE_PORTAL_DIR, else the installed @gatehouse/portal package. */
export function findPortalDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GATEHOUSE_PORTAL_DIR) return env.GATEHOUSE_PORTAL_DIR;
  try {
    const pkg = createRequire(import.meta.url).resolve('@gatehouse/portal/package.json');
    const dir = join(dirname(pkg), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function send(req: IncomingMessage, res: ServerResponse, file: string, cache: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cache,
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/**
 * Serves the portal: files under /assets are content-hashed and cached for a year; any other
 * path is a page of the single-page app and gets index.html, never cached.
 */
export function portalHandler(dir: string | undefined): Handler {
  return (req, res) => {
    const raw = (req.url ?? '/').split('?')[0] ?? '/';
    // Protocol paths never fall back to the app: a typo there must read as a JSON 404.
    if (
      RESERVED.some((prefix) => raw.startsWith(prefix)) ||
      isOperationalPath(raw) ||
      (req.method !== 'GET' && req.method !== 'HEAD')
    ) {
      throw new NotFound();
    }
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      throw new NotFound();
    }
    if (path.includes('\0') || path.includes('\\')) throw new NotFound();
    if (!dir) {
      const body =
        '<!doctype html><title>Gatehouse</title><p>The portal is not built. Run <code>npm run build</code>, then restart.</p>';
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
      res.end(body);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) throw new NotFound();
    if (path !== '/' && existsSync(file) && statSync(file).isFile()) {
      send(req, res, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    if (path.startsWith('/assets/') || extname(path) !== '') throw new NotFound();
    send(req, res, join(dir, 'index.html'), 'no-cache');
  };
}
