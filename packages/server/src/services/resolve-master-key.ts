import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { loadOrCreateMasterKeyFile, parseMasterKey } from '../crypto/master-key.js';
import type { Logger } from '../log.js';
import { SQLITE_FILE } from '../store/open.js';

/**
 * GATEHOUSE_MASTER_KEY when set. Otherwise, with the embedded store only, a key file beside
 * the database, created on first start: convenient on one machine, and refused for
 * PostgreSQL, where every instance must share one key that is not kept beside the data.
 */
export function resolveMasterKey(config: Config, logger: Logger): Buffer {
  if (config.masterKey) {
    try {
      return parseMasterKey(config.masterKey);
    } catch (error) {
      throw new ConfigError(`GATEHOUSE_MASTER_KEY: ${(error as Error).message}`);
    }
  }
  if (config.databaseUrl) {
    throw new ConfigError(
      'GATEHOUSE_MASTER_KEY is required with PostgreSQL, so that every instance shares one key; make one with `gatehouse master-key generate` and keep it in your secret store',
    );
  }
  const store = join(config.dataDir, SQLITE_FILE);
  const { key, created, path } = loadOrCreateMasterKeyFile(config.dataDir, {
    existingStore: existsSync(store) ? store : undefined,
  });
  if (created) {
    logger.warn('created a development master key; set GATEHOUSE_MASTER_KEY in production', { path });
  }
  return key;
}
