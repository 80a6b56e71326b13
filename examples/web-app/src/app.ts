import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import type { WebAppConfig } from './config.js';
import { clearCookie, LOGIN_COOKIE, readCookie, SESSION_COOKIE, setCookie } from './cookies.js';
import { errorPage, homePage, ordersPage, profilePage } from './pages.js';
import type { Provider } from './provider.js';
import { Refresher, SessionEnded } from './refresher.js';
import type { Session, SessionStore } from './session-store.js';

export interface AppDeps {
  config: WebAppConfig;
  provider: Provider;
  store: SessionStore;
  now?: () => number;
}

type Signed = { id: string; session: Session };

function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The web app's routes: sign in, profile, orders (the API call), refresh and sign out. */
export function createApp({ config, provider, store, now = Date.now }: AppDeps): express.Express {
  const secure = config.baseUrl.startsWith('https:');
  const refresher = new Refresher(provider, store, config.refreshSkewSeconds * 1000, now);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '4kb' }));
  // Sign-out posts a form that redirects to the provider: form-action must allow its origin.
  const formAction = [
    ...new Set(["'self'", new URL(config.issuer).origin, new URL(config.logoutDomain).origin]),
  ];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction.join(' ')}`;
  app.use((_req, res, next) => {
    res.set('content-security-policy', csp);
    res.set('cache-control', 'no-store');
    next();
  });

  const signedIn = (req: Request): Signed | undefined => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id === undefined ? undefined : store.get(id);
    return id === undefined || session === undefined ? undefined : { id, session };
  };
  /** Form posts carry the session's CSRF token; SameSite=Lax alone leaves older browsers open. */
  const signedInPost = (req: Request, res: Response): Signed | undefined => {
    const signed = signedIn(req);
    if (signed === undefined) {
      res.status(401).send(errorPage(401, 'You are not signed in.'));
      return undefined;
    }
    if (!sameToken((req.body as Record<string, unknown> | undefined)?.csrf, signed.session.csrf)) {
      res.status(403).send(errorPage(403, 'This form has expired. Go back, reload and try again.'));
      return undefined;
    }
    return signed;
  };

  app.get('/', (req, res) => {
    const signed = signedIn(req);
    if (signed === undefined) {
      res.send(homePage());
      return;
    }
    const flash = req.query.refreshed === '1' ? 'Tokens refreshed.' : undefined;
    const { session } = signed;
    res.send(profilePage(session, { claims: session.claims, source: session.profileSource }, flash));
  });

  app.get('/login', async (_req, res) => {
    const login = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const loginId = store.startLogin(login);
    setCookie(res, LOGIN_COOKIE, loginId, secure, 10 * 60_000);
    res.redirect(303, (await provider.authorizationUrl(login)).href);
  });

  app.get('/callback', async (req, res) => {
    const loginId = readCookie(req, LOGIN_COOKIE);
    clearCookie(res, LOGIN_COOKIE, secure);
    const login = loginId === undefined ? undefined : store.takeLogin(loginId);
    if (login === undefined) {
      res
        .status(400)
        .send(errorPage(400, 'This sign-in has expired or was already used. Please sign in again.'));
      return;
    }
    const currentUrl = new URL(req.originalUrl, config.baseUrl);
    const error = currentUrl.searchParams.get('error');
    if (error !== null) {
      const description = currentUrl.searchParams.get('error_description');
      res
        .status(400)
        .send(
          errorPage(
            400,
            `The provider refused the sign-in: ${error}${description ? ` (${description})` : ''}`,
          ),
        );
      return;
    }
    let tokens;
    try {
      tokens = await provider.exchange(currentUrl, login);
    } catch (err) {
      res.status(400).send(errorPage(400, `The sign-in could not be completed: ${(err as Error).message}`));
      return;
    }
    const idClaims = tokens.claims ?? {};
    const sub = String(idClaims.sub);
    let claims = idClaims;
    let profileSource = 'ID token';
    try {
      claims = { ...idClaims, ...(await provider.userinfo(tokens.accessToken, sub)) };
      profileSource = 'ID token and userinfo';
    } catch {
      // An access token minted for an API (aud = the API) may not be good at userinfo: the ID token suffices.
    }
    const sessionId = store.create({
      sub,
      claims,
      profileSource,
      idToken: tokens.idToken ?? '',
      accessToken: tokens.accessToken,
      accessExpiresAt: tokens.accessExpiresAt,
      refreshToken: tokens.refreshToken,
    });
    setCookie(res, SESSION_COOKIE, sessionId, secure);
    res.redirect(303, '/');
  });

  app.get('/orders', async (req, res) => {
    const signed = signedIn(req);
    if (signed === undefined) {
      res.redirect(303, '/login');
      return;
    }
    const call = (token: string) =>
      fetch(`${config.apiUrl}/orders`, { headers: { authorization: `Bearer ${token}` } });
    let session = await refresher.fresh(signed.id, signed.session);
    let answer = await call(session.accessToken);
    if (answer.status === 401) {
      // Revoked or rotated keys at the provider: one refresh, one retry, no loop.
      session = await refresher.fresh(signed.id, session, true);
      answer = await call(session.accessToken);
    }
    const body: unknown = await answer.json().catch(() => ({ error: 'the API did not answer JSON' }));
    res.status(answer.ok ? 200 : 502).send(ordersPage(answer.status, body));
  });

  app.post('/refresh', async (req, res) => {
    const signed = signedInPost(req, res);
    if (signed === undefined) return;
    await refresher.fresh(signed.id, signed.session, true);
    res.redirect(303, '/?refreshed=1');
  });

  app.post('/logout', async (req, res) => {
    const signed = signedInPost(req, res);
    if (signed === undefined) return;
    store.delete(signed.id);
    clearCookie(res, SESSION_COOKIE, secure);
    if (signed.session.refreshToken !== undefined) {
      await provider.revoke(signed.session.refreshToken).catch(() => undefined);
    }
    res.redirect(303, provider.logoutUrl(signed.session.idToken || undefined).href);
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SessionEnded) {
      clearCookie(res, SESSION_COOKIE, secure);
      res.status(401).send(errorPage(401, err.message));
      return;
    }
    // Never the error itself: it may quote a token.
    console.error(`web-app: ${(err as Error).name ?? 'Error'} while serving a request`);
    res.status(500).send(errorPage(500, 'Something went wrong on our side.'));
  });
  return app;
}
