import { generateMasterKey } from '../crypto/master-key.js';
import { command, group } from './command.js';

const generate = command({
  name: 'generate',
  summary: 'Print a new random master key (32 bytes, base64); touches no store',
  description:
    'The master key encrypts the private signing keys at rest. Every instance sharing a store\n' +
    'needs the same key; keep it in your secret manager, not beside the database.',
  examples: [
    'gatehouse master-key generate',
    'export GATEHOUSE_MASTER_KEY="$(gatehouse master-key generate --json | jq -r .masterKey)"',
  ],
  async run(inv) {
    const key = generateMasterKey();
    // master_key is the previous release's name, kept for one more release.
    inv.out.result('masterKey', { masterKey: key, master_key: key }, () => {
      inv.out.line(key);
      inv.out.line();
      inv.out.line('Keep this key in your secret manager, and give it to every Gatehouse instance:');
      inv.out.line(`  export GATEHOUSE_MASTER_KEY='${key}'`);
      inv.out.line(
        'A store keeps the key it was first started with: losing it means losing the signing keys,',
      );
      inv.out.line('and starting with another key is refused.');
    });
  },
});

export const masterKey = group({
  name: 'master-key',
  summary: 'Generate a master key for encrypting signing keys at rest',
  children: [generate],
  examples: ['gatehouse master-key generate'],
});
