import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type Logger, silentLogger } from './log.js';
import { resolveMasterKey } from './master-key.js';
import { ClientSecretService } from './services/client-secrets.js';
import { ClientService } from './services/clients.js';
import { KeyService } from './services/keys.js';
import { ResourceServerService } from './services/resource-servers.js';
import type { Db } from './store/db.js';
import { openStore } from './store/open.js';

/** The service layer over an open store: what the server, the CLI and later the admin API share. */
export interface Gatehouse {
  db: Db;
  clock: Clock;
  resourceServers: ResourceServerService;
  clients: ClientService;
  secrets: ClientSecretService;
  keys: KeyService;
  close(): Promise<void>;
}

export interface OpenOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * Opens the store, applies migrations, checks the master key, and makes sure the signing
 * keys and the built-in resource server exist. Safe to run from several processes at once.
 */
export async function openGatehouse(config: Config, options: OpenOptions = {}): Promise<Gatehouse> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const masterKey = resolveMasterKey(config, logger);
  const db = await openStore(config);
  try {
    const keys = new KeyService(db, clock, masterKey);
    await keys.checkMasterKey();
    await keys.ensureActiveKeys();
    const resourceServers = new ResourceServerService(db, clock);
    await resourceServers.ensureBuiltIn();
    return {
      db,
      clock,
      resourceServers,
      clients: new ClientService(db, clock, { allowHttpJwksUri: config.allowHttpJwksUri }),
      secrets: new ClientSecretService(db, clock),
      keys,
      close: () => db.close(),
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
