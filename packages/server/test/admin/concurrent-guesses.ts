import type { AdminGate, ApiAnswer, ApiSession } from './harness.js';

export const GUESSES = 300;
/**
 * Every guess waits for a hash rather than being refused as busy, so all of them reach the
 * store's counter at once: what is tested is the counter, not the hashing limit.
 */
export const WIDE_HASHER = {
  GATEHOUSE_PASSWORD_HASH_CONCURRENCY: '4',
  GATEHOUSE_PASSWORD_HASH_QUEUE: '1000',
  GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '0',
};

export function hashes(gate: AdminGate): number {
  return gate.server.gatehouse.users.hashing.completed;
}

export function tally(answers: ApiAnswer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

/**
 * Fires `GUESSES` wrong passwords at once and, as soon as one of them has been refused with 429,
 * the right one: by then the lock is in the store, so it must not get a session.
 */
export async function guessConcurrently(
  sessions: () => ApiSession,
  email: string,
  right: string,
): Promise<{ wrong: ApiAnswer[]; right: ApiAnswer }> {
  let firstRefusal: () => void = () => undefined;
  const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
  const wrong = Array.from({ length: GUESSES - 1 }, async (_, i) => {
    const answer = await sessions().login(email, `wrong guess number ${i}`);
    if (answer.status === 429) firstRefusal();
    return answer;
  });
  const late = (async () => {
    await refused;
    return sessions().login(email, right);
  })();
  return { wrong: await Promise.all(wrong), right: await late };
}
