import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { WebAppConfig } from './config.js';
import { Provider } from './provider.js';
import { SessionStore } from './session-store.js';

export interface RunningWebApp {
  url: string;
  /** The server-side sessions, for tests and the demo's summary. */
  store: SessionStore;
  close(): Promise<void>;
}

/**
 * A listening HTTP server with no handler yet: the app's URL is known before the provider
 * registers its callback, and the app is attached once the provider is configured.
 */
export async function reserveServer(host = '127.0.0.1', port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

/** Discovers the provider (failing loudly when it cannot) and serves the app on `server`. */
export async function startWebApp(
  config: WebAppConfig,
  options: { server: Server; now?: () => number },
): Promise<RunningWebApp> {
  const now = options.now ?? Date.now;
  const provider = await Provider.discover(config, now);
  const store = new SessionStore(config.sessionIdleSeconds * 1000, now);
  const { server } = options;
  server.on('request', createApp({ config, provider, store, now }));
  return {
    url: config.baseUrl,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
