import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { Runtime } from '../services/runtime.js';
import type { Gatehouse } from '../services/gatehouse.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import { AUTHORIZE_LIMITS, type RawParams, readAuthorizeParams, readSingle } from './authorize-params.js';
import {
  CSRF_FIELD,
  CsrfGuard,
  createNonce,
  csrfFailureMessage,
  pageHeaders,
  type PagePool,
  type PagePurpose,
} from './pages/index.js';
import { renderErrorPage } from './pages/index.js';

/** What the people-side routes of a pool need from the server. */
export interface PoolPageDeps {
  gatehouse: Gatehouse;
  runtime: Runtime;
  /** The deployment's issuer; a pool's is `${issuer}/pools/${poolId}`. */
  issuer: string;
  logger: Logger;
}

/** One request at one pool's pages: the pool, who is asking from where, and the helpers. */
export interface PageContext {
  req: IncomingMessage;
  res: ServerResponse;
  deps: PoolPageDeps;
  pool: PoolRecord;
  page: PagePool;
  poolIssuer: string;
  basePath: string;
  /** Cookies Secure (and CSRF's __Host-) when the issuer is https. */
  secure: boolean;
  origin: { ip: string | null; userAgent: string | null };
  csrf: CsrfGuard;
}

const POOL_ID = /^[a-z]{2,}(?:-[a-z]+-\d+)?_[A-Za-z0-9]{9,32}$/;

/** A refusal shown as a page, with a 4xx status; never a redirect. */
export class PageProblem extends HttpError {
  constructor(
    status: number,
    readonly title: string,
    message: string,
  ) {
    super(status, 'invalid_request', message);
  }
}

export async function openPageContext(
  req: IncomingMessage,
  res: ServerResponse,
  deps: PoolPageDeps,
  poolId: string | undefined,
): Promise<PageContext> {
  const pool =
    poolId !== undefined && POOL_ID.test(poolId) ? await deps.gatehouse.userPools.lookup(poolId) : undefined;
  if (!pool) throw new PageProblem(404, 'Unknown user pool', 'There is no user pool at this address.');
  const poolIssuer = `${deps.issuer}/pools/${pool.row.id}`;
  return {
    req,
    res,
    deps,
    pool,
    page: { id: pool.row.id, name: pool.row.name, settings: pool.settings },
    poolIssuer,
    basePath: `/pools/${pool.row.id}`,
    secure: deps.issuer.startsWith('https:'),
    origin: {
      ip: req.socket.remoteAddress ?? null,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    },
    csrf: new CsrfGuard({ key: deps.gatehouse.poolCsrfKey, clock: deps.gatehouse.clock }),
  };
}

/** The query string of a request, without the `?`. */
export function queryOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

/** The query as a multi-map; one longer than any real client's is a 414. */
export function readQuery(req: IncomingMessage): RawParams {
  const params = readAuthorizeParams(queryOf(req));
  if (params === 'too-large')
    throw new PageProblem(414, 'Address too long', 'The address of this page is too long.');
  return params;
}

/** A POSTed form as a multi-map; anything but a small url-encoded form is a 4xx. */
export async function readPageForm(req: IncomingMessage): Promise<RawParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new PageProblem(
      415,
      'Unsupported form',
      'The form must be sent as application/x-www-form-urlencoded.',
    );
  }
  const body = (await readBody(req, AUTHORIZE_LIMITS.request)).toString('utf8');
  const params = readAuthorizeParams(body);
  if (params === 'too-large')
    throw new PageProblem(413, 'Form too large', 'The form is larger than allowed.');
  return params;
}

/** One text field of a form or query: absent is undefined; repeated, too long or a control character is a 400. */
export function field(params: RawParams, name: string, max = 256): string | undefined {
  const read = readSingle(params, name, max);
  if (!read.ok) throw new PageProblem(400, 'The form could not be read', `${read.description}.`);
  return read.value;
}

export interface SendOptions {
  status?: number;
  /** Where the page's form answer may redirect (the app's callback), for CSP form-action. */
  formTargets?: readonly string[];
  cookies?: readonly string[];
  headers?: Readonly<Record<string, string>>;
}

/** Sends a rendered page with the hosted pages' headers; `render` gets the response's CSP nonce. */
export function sendPage(
  ctx: PageContext,
  render: (nonce: string) => string,
  options: SendOptions = {},
): void {
  const nonce = createNonce();
  const body = render(nonce);
  const headers: Record<string, string | string[]> = {
    ...pageHeaders(nonce, options.formTargets ?? []),
    ...options.headers,
    'content-length': String(Buffer.byteLength(body)),
  };
  if (options.cookies && options.cookies.length > 0) headers['set-cookie'] = [...options.cookies];
  ctx.res.writeHead(options.status ?? 200, headers);
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
}

/** A redirect, never cached; `cookies` ride along (the session cookie after a sign-in). */
export function sendRedirect(
  ctx: Pick<PageContext, 'req' | 'res'>,
  location: string,
  cookies: readonly string[] = [],
): void {
  const status = ctx.req.method === 'POST' ? 303 : 302;
  const headers: Record<string, string | string[]> = {
    location,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-length': '0',
  };
  if (cookies.length > 0) headers['set-cookie'] = [...cookies];
  ctx.res.writeHead(status, headers);
  ctx.res.end();
}

/** Checks the CSRF token of a POST to `purpose`; a failure is answered with `csrfFailureMessage`. */
export function checkCsrf(ctx: PageContext, params: RawParams, purpose: PagePurpose): string | undefined {
  const token = field(params, CSRF_FIELD, 128);
  const check = ctx.csrf.verify(ctx.req, token, {
    poolId: ctx.pool.row.id,
    purpose,
    secure: ctx.secure,
    expectedOrigin: ctx.deps.issuer,
  });
  return check.ok ? undefined : csrfFailureMessage(check.reason);
}

export function issueCsrf(ctx: PageContext, purpose: PagePurpose): { token: string; setCookie: string } {
  return ctx.csrf.issue(ctx.req, { poolId: ctx.pool.row.id, purpose, secure: ctx.secure });
}

/** A pool-less page for refusals before the pool is known. */
const NO_POOL: PagePool = {
  id: 'unknown',
  name: 'Sign in',
  settings: {
    selfSignUp: false,
    signInWith: 'username',
    requiredAttributes: [],
    passwordPolicy: { minLength: 12 },
  },
};

/** Shows a refusal as a page: the pool's branding when known, a 4xx status, no detail of the input. */
export function sendProblem(
  req: IncomingMessage,
  res: ServerResponse,
  pool: PagePool | undefined,
  problem: { status: number; title: string; message: string; headers?: Record<string, string> },
): void {
  const nonce = createNonce();
  const body = renderErrorPage({
    nonce,
    pool: pool ?? NO_POOL,
    status: problem.status,
    title: problem.title,
    message: problem.message,
  });
  res.writeHead(problem.status, {
    ...pageHeaders(nonce),
    ...problem.headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
