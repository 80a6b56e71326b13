import { ApiError, type FieldIssue } from './error';

let csrfToken: string | null = null;

/** Remembers the CSRF token of the session, from `/api/v1/me` or a sign-in answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Leave a 401 to the caller instead of sending the person to the sign-in page. */
  allowUnauthenticated?: boolean;
  /** The answer's text as it is (a YAML file), not parsed as JSON. */
  text?: boolean;
}

/** A body sent as it is, such as a YAML file, rather than as JSON. */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {}
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function ensureCsrfToken(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  const response = await fetch('/api/v1/me', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) return null;
  const me = (await response.json()) as { csrfToken?: string };
  csrfToken = me.csrfToken ?? null;
  return csrfToken;
}

function goToLogin(): void {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === '/login' || window.location.pathname === '/setup') return;
  window.location.assign(`/login?returnTo=${encodeURIComponent(here)}`);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; message?: unknown; issues?: unknown; retryAfter?: unknown };
    const code = typeof b.error === 'string' ? b.error : 'http_error';
    const message = typeof b.message === 'string' ? b.message : `Request failed (HTTP ${response.status}).`;
    const issues = Array.isArray(b.issues) ? (b.issues as FieldIssue[]) : [];
    const retryAfter = typeof b.retryAfter === 'number' ? b.retryAfter : undefined;
    return new ApiError(response.status, code, message, issues, retryAfter);
  }
  return new ApiError(response.status, 'http_error', `Request failed (HTTP ${response.status}).`);
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const raw = body instanceof RawBody ? body : null;
  if (body !== undefined) headers['content-type'] = raw ? raw.contentType : 'application/json';
  if (method !== 'GET') {
    const token = await ensureCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : raw ? raw.text : JSON.stringify(body),
  });
}

async function peekCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** The one way the portal talks to the admin API: same-origin cookie, CSRF header, typed errors. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response = await send(method, path, body);
  if (response.status === 403 && method !== 'GET' && (await peekCode(response)) === 'csrf_failed') {
    // The session was renewed elsewhere (another tab signed in again): fetch its token, try once more.
    csrfToken = null;
    response = await send(method, path, body);
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.allowUnauthenticated) goToLogin();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (options.text) return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
