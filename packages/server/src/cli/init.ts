import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { command } from './command.js';

/**
 * The one command besides `serve` that makes a store, and the only one that does nothing else:
 * every other command refuses to create one, so that a mistyped `--data` cannot look like data loss.
 */
export const init = command({
  name: 'init',
  summary: 'Create a new store: the data directory, the database, the master key and the signing keys',
  description:
    'With the embedded SQLite store: creates the data directory, gatehouse.db, and (unless\n' +
    'GATEHOUSE_MASTER_KEY is set) a development master key file beside it. With PostgreSQL\n' +
    "(--database-url or GATEHOUSE_DATABASE_URL): creates Gatehouse's tables in that database,\n" +
    'with the master key from GATEHOUSE_MASTER_KEY. Refuses, changing nothing, if a store is\n' +
    'already there.',
  examples: [
    'gatehouse init --data /var/lib/gatehouse',
    'GATEHOUSE_MASTER_KEY=... GATEHOUSE_DATABASE_URL=postgres://... gatehouse init',
  ],
  async run(inv) {
    const config = inv.config();
    const dataDir = resolve(config.dataDir);
    const keyFile = join(dataDir, (await import('../crypto/master-key.js')).MASTER_KEY_FILE);
    const hadKeyFile = existsSync(keyFile);
    const { store, keys } = await inv.withGatehouse(
      async (g) => ({
        store: (await import('../store/open.js')).describeStore({ ...config, dataDir }),
        keys: await g.keys.list(),
      }),
      'new',
    );
    const fromFile = !config.masterKey && !config.databaseUrl;
    const masterKey = {
      source: fromFile ? ('file' as const) : ('GATEHOUSE_MASTER_KEY' as const),
      path: fromFile ? keyFile : null,
      created: fromFile && !hadKeyFile,
    };
    const signingKeys = keys.filter((k) => k.state === 'active').map((k) => ({ alg: k.alg, kid: k.kid }));
    inv.out.result('init', { store, masterKey, signingKeys }, () => {
      inv.out.line(`Created a new Gatehouse store: ${store}`);
      if (masterKey.created) {
        inv.out.line(`Created a development master key: ${keyFile}`);
        inv.out.line('  Back it up with the store; in production, set GATEHOUSE_MASTER_KEY instead.');
      } else if (fromFile) {
        inv.out.line(`Used the master key already in ${keyFile}`);
      } else {
        inv.out.line('Used the master key from GATEHOUSE_MASTER_KEY.');
      }
      inv.out.line(`Signing keys: ${signingKeys.map((k) => `${k.alg} (${k.kid})`).join(', ')}`);
      inv.out.line();
      inv.out.line('Next: gatehouse serve (with the same settings), then register an API:');
      inv.out.line('  gatehouse resource-servers create --identifier orders --name Orders --scope read');
    });
  },
});
