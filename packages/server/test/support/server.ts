import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import type { TestBackend } from './backends.js';
import type { TestClock } from './clock.js';

export interface TestServerOptions {
  clock?: TestClock;
  env?: Record<string, string>;
}

/** A real Gatehouse on a free loopback port, over the given backend. */
export function startTestServer(
  backend: TestBackend,
  options: TestServerOptions = {},
): Promise<RunningServer> {
  return startServer(backend.config(options.env), {
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

/** POSTs a form, as an OAuth client does. */
export async function postForm(
  url: string,
  form: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> | null; text: string }> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form))
    for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    // not JSON: the caller reads `text`
  }
  return { status: response.status, headers: response.headers, body: json, text };
}

export function basicAuth(clientId: string, secret: string): Record<string, string> {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return {
    authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`,
  };
}
