/**
 * Just enough of a browser to walk an OpenID Connect sign-in over HTTP: a cookie jar, manual
 * redirects, and the test IdP's login form.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  async #send(url: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) this.#remember(line);
    return response;
  }

  #remember(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [key = '', v = ''] = a.trim().split('=');
      return (
        (key.toLowerCase() === 'max-age' && Number(v) <= 0) ||
        (key.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
      );
    });
    if (expired || value === '') this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

/** The redirect target of a 3xx answer, absolute; throws on any other answer. */
export async function location(response: Response, base: string): Promise<string> {
  const target = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || target === null) {
    const body = await response.text();
    throw new Error(`expected a redirect from ${base}, got ${response.status}: ${body.slice(0, 500)}`);
  }
  await response.body?.cancel();
  return new URL(target, base).href;
}

/**
 * Follows redirects from `url` until one points at `redirectUri`, and returns that URL's query.
 * On the way, signs in at the test IdP's login page as `sub` (or presses Cancel when `sub` is null).
 */
export async function signIn(
  browser: Browser,
  url: string,
  redirectUri: string,
  sub: string | null,
): Promise<URLSearchParams> {
  let current = url;
  for (let hop = 0; hop < 20; hop++) {
    if (current.startsWith(redirectUri)) return new URL(current).searchParams;
    const response = await browser.get(current);
    if (response.status === 200 && new URL(current).pathname.startsWith('/interaction/')) {
      const page = await response.text();
      const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
      if (action === undefined) throw new Error(`no login form at ${current}`);
      current =
        sub === null
          ? new URL(`${new URL(current).pathname}/abort`, current).href
          : await location(await browser.postForm(new URL(action, current).href, { login: sub }), current);
      continue;
    }
    current = await location(response, current);
  }
  throw new Error(`too many redirects from ${url}`);
}
