import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

/**
 * A real, third-party OpenID Provider (oidc-provider) on a loopback port, for driving Gatehouse's
 * single sign-on end to end. Its login page asks only for a user's `sub`:
 *
 *   GET  <issuer>/interaction/<uid>          the page; a form with one text input named `login`
 *                                            and a button "Sign in", plus a "Cancel" link
 *   POST <issuer>/interaction/<uid>/login    login=<sub>; an unknown sub shows the page again
 *                                            with "Unknown user" (status 401)
 *   GET  <issuer>/interaction/<uid>/abort    ends the sign-in with error=access_denied
 *
 * Consent is given automatically, so after the login the browser goes straight back to the
 * client's redirect_uri.
 */
export interface TestIdpUser {
  sub: string;
  email: string;
  name: string;
  groups: string[];
}

export interface TestIdpOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  users: TestIdpUser[];
  /** Default 0: any free port. */
  port?: number;
  /**
   * Default true: the ID token carries every granted claim. False keeps the ID token to the
   * OpenID Connect minimum for the code flow, so email, name and groups come from UserInfo only.
   */
  claimsInIdToken?: boolean;
}

export interface TestIdp {
  /** http://127.0.0.1:<port> */
  issuer: string;
  close(): Promise<void>;
}

interface Stored {
  payload: AdapterPayload;
  expiresAt: number;
}

/** oidc-provider's storage, in memory and private to one test provider. */
function memoryAdapterFactory(): (model: string) => Adapter {
  const store = new Map<string, Stored>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  const findBy = (model: string, match: (p: AdapterPayload) => boolean): AdapterPayload | undefined => {
    for (const key of store.keys()) {
      const payload = key.startsWith(`${model}:`) ? live(key) : undefined;
      if (payload !== undefined && match(payload)) return payload;
    }
    return undefined;
  };
  return (model) => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
      store.set(`${model}:${id}`, { payload, expiresAt });
    },
    async find(id) {
      return live(`${model}:${id}`);
    },
    async findByUid(uid) {
      return findBy(model, (p) => p.uid === uid);
    },
    async findByUserCode(userCode) {
      return findBy(model, (p) => p.userCode === userCode);
    },
    async consume(id) {
      const payload = live(`${model}:${id}`);
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id) {
      store.delete(`${model}:${id}`);
    },
    async revokeByGrantId(grantId) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    },
  });
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function loginPage(uid: string, message?: string): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Test IdP: sign in</title></head>
<body>
<h1>Test IdP</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${base}/login">
  <label for="login">Username</label>
  <input id="login" name="login" type="text" autofocus required>
  <button type="submit">Sign in</button>
</form>
<p><a href="${base}/abort">Cancel</a></p>
</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function configuration(options: TestIdpOptions): Configuration {
  const users = new Map(options.users.map((u) => [u.sub, u]));
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    adapter: memoryAdapterFactory(),
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    conformIdTokenClaims: options.claimsInIdToken === false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (user === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          groups: user.groups,
        }),
      };
    },
    // Consent is automatic: every authorization request gets a grant of what it asks for.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (accountId === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client?.clientId, accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><h1>${escapeHtml(out.error)}</h1><p>${escapeHtml(out.error_description ?? '')}</p>`;
    },
  };
}

async function interaction(
  provider: Provider,
  users: ReadonlySet<string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const [, , uid = '', action = ''] = (req.url ?? '').split('?')[0]?.split('/') ?? [];
  await provider.interactionDetails(req, res);
  if (req.method === 'GET' && action === '') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(decodeURIComponent(uid)));
  } else if (req.method === 'POST' && action === 'login') {
    const login = (await readForm(req)).get('login') ?? '';
    if (!users.has(login)) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(loginPage(decodeURIComponent(uid), 'Unknown user'));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
  } else if (req.method === 'GET' && action === 'abort') {
    const result = { error: 'access_denied', error_description: 'The user cancelled the sign-in' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } else {
    res.writeHead(404).end();
  }
}

/** Starts a test OpenID Provider on 127.0.0.1. Keys are generated afresh; PKCE is required. */
export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration(options));
  // Expected failures (a bad code, a wrong secret) are the tests' subject, not noise for the console.
  provider.silent = true;
  const users = new Set(options.users.map((u) => u.sub));
  const oidc = provider.callback();
  handle = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      void oidc(req, res);
      return;
    }
    interaction(provider, users, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : 'interaction failed');
    });
  };
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
