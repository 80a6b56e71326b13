import * as assert from 'node:assert/strict';
import type { Me, User } from '@gatehouse/schemas';

/** Sent with every request, so audit events can be checked for it. */
export const USER_AGENT = 'gatehouse-admin-tests';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire answers are checked field by field with assertions
export type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface SendOptions {
  body?: unknown;
  /** A body sent as is, with its own content type. */
  raw?: { type: string; data: string };
  headers?: Record<string, string>;
  /** false: leave X-CSRF-Token out; a string: send that instead of the session's. */
  csrf?: boolean | string;
}

/** A portal tab or an automation script: a cookie jar for `gh_session`, the CSRF token, or a bearer token. */
export class ApiSession {
  cookie: string | undefined;
  csrfToken: string | undefined;
  user: User | undefined;

  constructor(
    readonly base: string,
    readonly bearer?: string,
  ) {}

  async login(email: string, password: string): Promise<ApiAnswer> {
    const answer = await this.post('/api/v1/auth/login', { email, password });
    if (answer.status === 200) this.signedIn(answer.body as Me);
    return answer;
  }

  signedIn(me: Me): void {
    this.csrfToken = me.csrfToken;
    this.user = me.user;
  }

  get userId(): string {
    assert.ok(this.user, 'session is not signed in');
    return this.user.id;
  }

  get = <T = Json>(path: string, options?: SendOptions) => this.send<T>('GET', path, options);
  post = <T = Json>(path: string, body?: unknown, options?: SendOptions) =>
    this.send<T>('POST', path, { ...options, body });
  patch = <T = Json>(path: string, body?: unknown) => this.send<T>('PATCH', path, { body });
  put = <T = Json>(path: string, body?: unknown) => this.send<T>('PUT', path, { body });
  del = <T = Json>(path: string, options?: SendOptions) => this.send<T>('DELETE', path, options);

  async send<T = Json>(method: string, path: string, options: SendOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    let body: string | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.type;
      body = options.raw.data;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (this.cookie) headers.cookie = `gh_session=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const csrf = options.csrf === undefined || options.csrf === true ? this.csrfToken : options.csrf;
    if (method !== 'GET' && typeof csrf === 'string') headers['x-csrf-token'] = csrf;
    const response = await fetch(this.base + path, {
      method,
      headers: { ...headers, ...options.headers },
      ...(body !== undefined ? { body } : {}),
    });
    for (const line of response.headers.getSetCookie()) this.remember(line);
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: callers read `text`
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  private remember(line: string): void {
    const match = /^gh_session=([^;]*)/.exec(line);
    if (!match) return;
    this.cookie = match[1] && !/;\s*Max-Age=0/i.test(line) ? match[1] : undefined;
  }
}

/** The body of a successful answer, after checking its status. */
export function ok<T>(answer: ApiAnswer<T>, status = 200): T {
  assert.equal(answer.status, status, `expected ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

/**
 * The one error shape of the admin API: `{ error, message, issues?, retryAfter? }`, JSON,
 * never cached, never a stack trace, and a Bearer challenge when sign-in is missing.
 */
export function assertApiError(answer: ApiAnswer, status: number, error: string): void {
  assert.equal(answer.status, status, `expected ${status} ${error}, got ${answer.status}: ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
  const body = answer.body as Record<string, unknown> | null;
  assert.ok(body && typeof body === 'object', `not a JSON object: ${answer.text}`);
  assert.equal(body.error, error, answer.text);
  assert.equal(typeof body.message, 'string');
  assert.notEqual(body.message, '');
  for (const key of Object.keys(body))
    assert.ok(['error', 'message', 'issues', 'retryAfter'].includes(key), key);
  assert.doesNotMatch(answer.text, /\bat .+:\d+:\d+|node:internal|\/src\/|Error:/, 'no stack trace');
  assert.match(answer.headers.get('cache-control') ?? '', /no-store/);
  if (error === 'unauthenticated')
    assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="gatehouse-admin"');
}

/** A token endpoint refusal: 400 with the RFC 6749 error code. */
export function assertTokenError(answer: { status: number; text: string; body: Json }, error: string): void {
  assert.equal(answer.status, 400, answer.text);
  assert.equal(answer.body?.error, error, answer.text);
}

/** The `issues[].path` of a 422 answer. */
export function issuePaths(answer: ApiAnswer): string[] {
  assertApiError(answer, 422, 'validation_failed');
  return (answer.body.issues as { path: string }[]).map((i) => i.path);
}
