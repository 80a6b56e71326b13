import { shellQuote } from '@gatehouse/schemas';
import { command } from './command.js';
import { readNewPassword } from './password-prompt.js';

/** `users set-password|disable|enable|delete|sessions|end-sessions`: chores on portal accounts. */

const EMAIL_ARG = { name: 'EMAIL', description: 'the email (or usr_ id) of the account' };

export const setPassword = command({
  name: 'set-password',
  summary:
    'Give a local account a new password (read from GATEHOUSE_NEW_PASSWORD, or typed); its sessions end',
  description:
    'The password comes from the environment or the terminal, never a flag, so it stays out of\n' +
    'shell history and process lists. It must be at least 12 characters.',
  args: [EMAIL_ARG],
  fields: { password: 'GATEHOUSE_NEW_PASSWORD' },
  examples: ['GATEHOUSE_NEW_PASSWORD=... gatehouse users set-password kim@example.com'],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const password = await readNewPassword(inv);
    const user = await inv.withGatehouse((g) => g.accounts.setPassword(email, { password }, inv.actor));
    inv.out.result('user', user, () =>
      inv.out.line(`Set a new password for ${user.email}; their sessions have ended.`),
    );
  },
});

export const disable = command({
  name: 'disable',
  summary: 'Disable an account: it cannot sign in (password or single sign-on), and its sessions end now',
  args: [EMAIL_ARG],
  examples: ['gatehouse users disable kim@example.com'],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const user = await inv.withGatehouse((g) => g.accounts.disable(email, inv.actor));
    inv.out.result('user', user, () => inv.out.line(`Disabled ${user.email}; their sessions have ended.`));
  },
});

export const enable = command({
  name: 'enable',
  summary: 'Enable a disabled account',
  args: [EMAIL_ARG],
  examples: ['gatehouse users enable kim@example.com'],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const user = await inv.withGatehouse((g) => g.accounts.enable(email, inv.actor));
    inv.out.result('user', user, () => inv.out.line(`Enabled ${user.email}.`));
  },
});

export const remove = command({
  name: 'delete',
  summary: 'Delete an account with its sessions and team memberships; the audit history keeps who it was',
  args: [EMAIL_ARG],
  examples: ['gatehouse users delete kim@example.com'],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const deleted = await inv.withGatehouse(async (g) => {
      const row = await g.accounts.find(email, inv.actor);
      await g.accounts.delete(row.id, inv.actor);
      return row.email;
    });
    inv.out.result('userDeleted', { deleted }, () => inv.out.line(`Deleted ${deleted}.`));
  },
});

export const sessions = command({
  name: 'sessions',
  summary: "List an account's portal sessions (never the cookie)",
  args: [EMAIL_ARG],
  examples: ['gatehouse users sessions kim@example.com'],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const list = await inv.withGatehouse((g) => g.accounts.sessions(email, inv.actor));
    inv.out.result('accountSessions', list, () => {
      if (list.length === 0) {
        inv.out.line(`${email} has no sessions.`);
        return;
      }
      inv.out.table(
        ['ID', 'SIGNED IN', 'LAST SEEN', 'EXPIRES', 'ADDRESS', 'BROWSER'],
        list.map((s) => [s.id, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip ?? '-', s.userAgent ?? '-']),
      );
      inv.out.line();
      inv.out.line('End one with:');
      inv.out.line(`  gatehouse users end-sessions ${shellQuote(email)} -- SESSION_ID`);
    });
  },
});

export const endSessions = command({
  name: 'end-sessions',
  summary: 'End every portal session of an account, or one (its id from `users sessions`)',
  args: [EMAIL_ARG, { name: 'SESSION_ID', optional: true, description: 'only this session' }],
  examples: [
    'gatehouse users end-sessions kim@example.com',
    'gatehouse users end-sessions kim@example.com -- -Xq3Vb2...',
  ],
  async run(inv) {
    const email = inv.arg('EMAIL');
    const id = inv.args('SESSION_ID')[0];
    const ended = await inv.withGatehouse((g) => g.accounts.endSessions(email, inv.actor, id));
    inv.out.result('accountSessionsEnded', { email, ended }, () =>
      inv.out.line(`Ended ${ended} session(s) of ${email}.`),
    );
  },
});
