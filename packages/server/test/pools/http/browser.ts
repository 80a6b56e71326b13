import * as assert from 'node:assert/strict';

/** What a page answered: status, headers, body, and where a redirect points. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  location: string | undefined;
}

/**
 * Just enough of a browser: a cookie jar (name → value, per server; paths and expiry by
 * Max-Age=0 only, which is all these pages use), redirects not followed, forms posted.
 */
export class Browser {
  readonly jar = new Map<string, string>();
  /** Every cookie value the server set, to prove none reached a log. */
  readonly seen: string[] = [];

  async get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send(url, { method: 'GET', headers });
  }

  async post(
    url: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  async send(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<Answer> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      method: init.method,
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else {
        this.jar.set(name, value);
        this.seen.push(value);
      }
    }
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, headers: response.headers, text: await response.text(), location };
  }

  /** The value of a hidden input on a page. */
  static hidden(page: Answer, name: string): string {
    const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(page.text);
    assert.ok(match, `no hidden field "${name}" on the page (status ${page.status})`);
    return decodeEntities(match[1] ?? '');
  }

  /** GETs a page and posts its form with `fields`, carrying its CSRF token and pending request. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<Answer> {
    const page = await this.get(pageUrl);
    assert.equal(page.status, 200, `GET ${pageUrl} answered ${page.status}: ${page.text.slice(0, 200)}`);
    return this.post(action, { ...formFields(page), ...fields });
  }
}

/** The CSRF token and pending/challenge handles a page's form carries. */
export function formFields(page: Answer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of ['csrf', 'pending', 'challenge']) {
    const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(page.text);
    if (match) fields[name] = decodeEntities(match[1] ?? '');
  }
  return fields;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
