import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORDERS_API } from '@gatehouse/example-lj-health-food/orders-api';
import { CLI_ACTOR, loadConfig, type RunningServer, silentLogger, startServer } from '@gatehouse/server';
import { DEFAULT_SCOPE } from './config.js';
import type { ProviderFactory } from './demo.js';

/** The person the demo creates, confirmed, so the hosted page can be tried at once. */
export const DEMO_USERNAME = 'alice';
export const DEMO_EMAIL = 'alice@example.com';

export interface GatehouseDemoOptions {
  /** The pool's access-token lifetime (300 s at least); an hour by default. */
  accessTokenSeconds?: number;
  /** The demo person's password; a fresh random one by default, printed by `npm run example:web`. */
  password?: string;
}

/**
 * Gatehouse itself as the demo's provider, in this process, with its data in a temporary
 * folder: the LJ Health Food API as a resource server, a user pool, the web app registered as
 * a confidential app client (its callback and logout URLs, `openid email profile
 * lj-health-food/list-orders`), and a confirmed demo person. Everything is made through
 * Gatehouse's services, as `gatehouse user-pools create`, `clients create` and `users create`
 * would, and torn down (folder included) by `close()`.
 */
export function gatehouseProvider(options: GatehouseDemoOptions = {}): ProviderFactory {
  return async (urls) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lj-web-gatehouse-'));
    let server: RunningServer | undefined;
    const close = async () => {
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      server = await startServer(
        loadConfig({ port: '0', data: dataDir }, { GATEHOUSE_CHANGE_POLL_MS: '100' }),
        { logger: silentLogger },
      );
      const { gatehouse } = server;
      await gatehouse.resourceServers.create(
        {
          identifier: ORDERS_API,
          name: 'LJ Health Food orders',
          scopes: [
            { name: 'list-orders', description: 'List every order' },
            { name: 'place-order', description: 'Place an order' },
          ],
        },
        CLI_ACTOR,
      );
      const pool = await gatehouse.userPools.create(
        {
          name: 'LJ Health Food customers',
          branding: { displayName: 'LJ Health Food', primaryColor: '#0f766e' },
          ...(options.accessTokenSeconds === undefined
            ? {}
            : { tokens: { accessTokenSeconds: options.accessTokenSeconds } }),
        },
        CLI_ACTOR,
      );
      const client = await gatehouse.appClients.create(
        pool.id,
        {
          name: 'LJ Health Food web app',
          public: false,
          authMethod: 'client_secret_basic',
          redirectUris: [urls.redirectUri],
          logoutUris: [urls.postLogoutRedirectUri],
          scopes: DEFAULT_SCOPE.split(' '),
        },
        CLI_ACTOR,
      );
      if (client.clientSecret === undefined) throw new Error('Gatehouse gave the web app no client secret');
      const password = options.password ?? `lj-${randomBytes(9).toString('base64url')}`;
      await gatehouse.poolUsers.create(
        pool.id,
        {
          username: DEMO_USERNAME,
          email: DEMO_EMAIL,
          emailVerified: true,
          password,
          attributes: { name: 'Alice Liddell' },
        },
        CLI_ACTOR,
      );
      // The token path reads clients from memory: let it see the new ones now, not on the next poll.
      await server.runtime.poll();
      return {
        name: 'Gatehouse (in this process)',
        issuer: pool.issuer,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        scope: DEFAULT_SCOPE,
        logoutStyle: 'oidc',
        // A pool's discovery document advertises no revocation list: access tokens just expire.
        revocationList: false,
        appClientId: client.clientId,
        demoUser: { username: DEMO_USERNAME, password },
        close,
      };
    } catch (error) {
      await close();
      throw error;
    }
  };
}
