import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OrdersApi, startOrdersApi } from '@gatehouse/example-lj-health-food/orders-api';
import { loadConfig, type WebAppConfig } from './config.js';
import { reserveServer, type RunningWebApp, startWebApp } from './server.js';

/** Where the web app lives, handed to the provider so it can register the app client's URLs. */
export interface AppUrls {
  baseUrl: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

/** An OpenID Provider with the web app registered as a confidential app client. */
export interface DemoProvider {
  name: string;
  /** A pool issuer for Gatehouse (`<issuer>/pools/<pool-id>`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Scopes the app asks for: `openid` plus what reaches the LJ Health Food API. */
  scope: string;
  logoutStyle: 'oidc' | 'cognito';
  /** How the API finds the keys when the issuer has no RFC 8414 metadata; by default from it. */
  jwksUri?: string;
  /** Whether the issuer serves Gatehouse's revocation list (Gatehouse does, others do not). */
  revocationList: boolean;
  /**
   * Set for a Gatehouse pool: the API then takes only the pool's access tokens
   * (`token_use: "access"`) issued to this app client, never an ID token.
   */
  appClientId?: string;
  /** A person the provider made for the demo, to sign in with. */
  demoUser?: { username: string; password: string };
  close(): Promise<void>;
}

/** Starts (or connects to) a provider once the app's URLs are known. */
export type ProviderFactory = (urls: AppUrls) => Promise<DemoProvider>;

export interface RunningDemo {
  provider: DemoProvider;
  api: OrdersApi;
  app: RunningWebApp;
  config: WebAppConfig;
  close(): Promise<void>;
}

/**
 * The whole demo on loopback: the provider (any, through `provider`), the LJ Health Food API
 * trusting that provider's issuer, and the web app signing people in through it.
 */
export async function startDemo(
  provider: ProviderFactory,
  options: { now?: () => number; env?: Record<string, string>; port?: number } = {},
): Promise<RunningDemo> {
  const closers: (() => Promise<void>)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'lj-web-app-'));
  closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const { server, url } = await reserveServer('127.0.0.1', options.port ?? 0);
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const op = await provider({
      baseUrl: url,
      redirectUri: `${url}/callback`,
      postLogoutRedirectUri: `${url}/`,
    });
    closers.push(() => op.close());
    const api = await startOrdersApi({
      issuer: op.issuer,
      dbPath: join(dataDir, 'orders.db'),
      ...(op.revocationList ? {} : { revocation: false as const }),
      ...(op.jwksUri === undefined ? {} : { jwksUri: op.jwksUri }),
      ...(op.appClientId === undefined ? {} : { appClientId: op.appClientId }),
    });
    closers.push(() => api.close());
    const config = loadConfig({
      ISSUER: op.issuer,
      CLIENT_ID: op.clientId,
      CLIENT_SECRET: op.clientSecret,
      BASE_URL: url,
      API_URL: api.url,
      SCOPE: op.scope,
      LOGOUT_STYLE: op.logoutStyle,
      ...options.env,
    });
    const app = await startWebApp(config, { server, ...(options.now ? { now: options.now } : {}) });
    closers.push(() => app.close());
    return { provider: op, api, app, config, close };
  } catch (error) {
    await close();
    throw error;
  }
}
