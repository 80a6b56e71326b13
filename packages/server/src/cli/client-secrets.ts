import { shellQuote } from '@gatehouse/schemas';
import { SECRET_HEADERS, secretRows, secretStatus } from './client-views.js';
import { command, group } from './command.js';
import { CLIENT_ID_ARG } from './options.js';

const add = command({
  name: 'add',
  summary: 'Give a client a new secret (shown once), for rotation without downtime',
  description:
    'Rotation: add a secret, move every caller to it, then revoke the old one with\n' +
    'gatehouse clients secrets revoke ID OLD_SECRET_ID. A client holds at most 5 active secrets.',
  args: [CLIENT_ID_ARG],
  options: {
    'expires-in': {
      type: 'string',
      value: 'SECONDS',
      description: 'the secret stops working after this long',
    },
  },
  fields: { expiresIn: '--expires-in' },
  examples: [
    'gatehouse clients secrets add 2ql6v5v6fkqg4tkhh3a7tq2ylm',
    'gatehouse clients secrets add 2ql6v5v6fkqg4tkhh3a7tq2ylm --expires-in 2592000',
  ],
  async run(inv) {
    const clientId = inv.arg('ID');
    const expiresIn = inv.integer('expires-in');
    const { secret, others } = await inv.withGatehouse(async (g) => {
      const secret = await g.secrets.add(clientId, expiresIn === undefined ? {} : { expiresIn }, inv.actor);
      const others = (await g.secrets.list(clientId, inv.actor)).filter(
        (s) => s.id !== secret.id && secretStatus(s) === 'active',
      );
      return { secret, others };
    });
    const answer = {
      clientId,
      secretId: secret.id,
      clientSecret: secret.value,
      expiresAt: secret.expiresAt,
      // The previous release's names, kept for one more release.
      client_id: clientId,
      secret_id: secret.id,
      client_secret: secret.value,
      expires_at: secret.expiresAt,
    };
    inv.out.result('secretAdded', answer, () => {
      const out = inv.out;
      out.block([
        ['client_id', clientId],
        ['client_secret', secret.value],
        ['secret id', secret.id],
        ['expires', secret.expiresAt ?? 'never'],
      ]);
      out.line();
      out.line('WARNING: the secret is shown only this once. Store it now; Gatehouse keeps only a hash.');
      if (others.length > 0) {
        out.line();
        out.line('Once every caller uses the new secret, revoke the old one:');
        for (const old of others)
          out.line(`  gatehouse clients secrets revoke ${shellQuote(clientId)} ${shellQuote(old.id)}`);
      }
    });
  },
});

const list = command({
  name: 'list',
  summary: "List a client's secrets (ids and last four characters, never the values)",
  args: [CLIENT_ID_ARG],
  examples: ['gatehouse clients secrets list 2ql6v5v6fkqg4tkhh3a7tq2ylm'],
  async run(inv) {
    const secrets = await inv.withGatehouse((g) => g.secrets.list(inv.arg('ID'), inv.actor));
    inv.out.result('secrets', secrets, () => {
      if (secrets.length === 0) inv.out.line('This client has no secrets.');
      else inv.out.table(SECRET_HEADERS, secretRows(secrets));
    });
  },
});

const revoke = command({
  name: 'revoke',
  summary: 'Revoke one secret; running servers refuse it within a second',
  args: [CLIENT_ID_ARG, { name: 'SECRET_ID', description: 'the sec_ id from secrets list' }],
  examples: ['gatehouse clients secrets revoke 2ql6v5v6fkqg4tkhh3a7tq2ylm sec_abc123'],
  async run(inv) {
    const clientId = inv.arg('ID');
    const secret = await inv.withGatehouse((g) =>
      g.secrets.revoke(clientId, inv.arg('SECRET_ID'), inv.actor),
    );
    inv.out.result('secret', secret, () =>
      inv.out.line(`Revoked secret ${secret.id} (...${secret.hint}) of client ${clientId}.`),
    );
  },
});

export const clientSecrets = group({
  name: 'secrets',
  summary: "Manage a client's secrets",
  children: [add, list, revoke],
});
