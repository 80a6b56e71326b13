import { shellQuote } from '@gatehouse/schemas';
import { command } from './command.js';
import { POOL_OPTION, USERNAME_ARG, USERNAME_OPTION, userRef } from './pool-options.js';
import { POOL_SESSION_HEADERS, poolSessionRows } from './user-pool-views.js';

/** `users sign-out`, `users sessions` and `users revoke-session`: a person's signed-in state. */

const ONE_USER_OPTIONS = { pool: POOL_OPTION, username: USERNAME_OPTION };

const signOut = command({
  name: 'sign-out',
  summary: 'Sign a user out everywhere: end every session and revoke every refresh token',
  description: 'Access tokens already issued stay valid until they expire (one hour by default).',
  args: [USERNAME_ARG],
  options: ONE_USER_OPTIONS,
  examples: ['gatehouse user-pools users sign-out --pool local_AbC123xyz kim'],
  async run(inv) {
    const poolId = inv.required('pool');
    const ref = userRef(inv);
    const answer = await inv.withGatehouse(async (g) => {
      const result = await g.poolUsers.signOut(poolId, ref, inv.actor);
      const user = await g.poolUsers.get(poolId, ref, inv.actor);
      return { poolId, sub: user.sub, username: user.username, ...result };
    });
    inv.out.result('poolUserSignedOut', answer, () =>
      inv.out.line(
        `Signed ${answer.username} out: ${answer.sessionsEnded} session(s) ended, ` +
          `${answer.refreshTokensRevoked} refresh token(s) revoked.`,
      ),
    );
  },
});

const sessions = command({
  name: 'sessions',
  summary: "List a user's sessions at the pool's hosted pages (never the cookie)",
  args: [USERNAME_ARG],
  options: ONE_USER_OPTIONS,
  examples: ['gatehouse user-pools users sessions --pool local_AbC123xyz kim'],
  async run(inv) {
    const poolId = inv.required('pool');
    const ref = userRef(inv);
    const list = await inv.withGatehouse((g) => g.poolSessions.list(poolId, ref, inv.actor));
    inv.out.result('poolSessions', list, () => {
      if (list.length === 0) {
        inv.out.line(`${ref} has no sessions.`);
        return;
      }
      inv.out.table(POOL_SESSION_HEADERS, poolSessionRows(list));
      inv.out.line();
      inv.out.line('End one with:');
      inv.out.line(
        `  gatehouse user-pools users revoke-session --pool ${shellQuote(poolId)} ${shellQuote(ref)} -- SESSION_ID`,
      );
    });
  },
});

const revokeSession = command({
  name: 'revoke-session',
  summary: 'End one session of a user (its id from `users sessions`)',
  args: [
    { name: 'USERNAME', description: 'the username (any case) or sub of the user' },
    { name: 'SESSION_ID', description: 'the session id from users sessions' },
  ],
  options: { pool: POOL_OPTION },
  // Session ids are base64url: one may start with "-", which only `--` keeps from reading as a flag.
  examples: ['gatehouse user-pools users revoke-session --pool local_AbC123xyz kim -- Xq3...'],
  async run(inv) {
    const poolId = inv.required('pool');
    const ref = inv.arg('USERNAME');
    const id = inv.arg('SESSION_ID');
    const username = await inv.withGatehouse(async (g) => {
      await g.poolSessions.revoke(poolId, ref, id, inv.actor);
      return (await g.poolUsers.get(poolId, ref, inv.actor)).username;
    });
    inv.out.result('poolSessionRevoked', { poolId, username, revoked: id }, () =>
      inv.out.line(`Ended session ${id} of ${username}.`),
    );
  },
});

export const poolSessionCommands = [signOut, sessions, revokeSession];
