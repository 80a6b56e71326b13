// The same request many times at once, as a retrying client or an attacker sends it: single-use
// values stay single use, names stay unique, and nothing answers 5xx.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate, target } from './support/gate.js';

const PASSWORD = 'a long enough passphrase';
const AT_ONCE = 300;

/** How many answers had each status and __type, e.g. `200`, `400 NotAuthorizedException`. */
function tally(
  answers: { status: number; json: Record<string, unknown> | undefined }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { status, json } of answers) {
    const key = status === 200 ? '200' : `${status} ${String(json?.__type)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

eachBackend(
  `Cognito's API, ${AT_ONCE} identical requests at once`,
  (name) => new CognitoGate(name),
  (gate) => {
    test('one refresh token sent 300 times: one answer with tokens, the rest refused, none 5xx', async () => {
      await gate.user('kim', PASSWORD);
      const signIn = await gate.post(
        JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: gate.spa.clientId,
          AuthParameters: { USERNAME: 'kim', PASSWORD },
        }),
        target('InitiateAuth'),
      );
      assert.equal(signIn.status, 200, signIn.text);
      const result = signIn.json?.AuthenticationResult as { RefreshToken: string };
      const body = JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: gate.spa.clientId,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken },
      });
      const answers = await Promise.all(
        Array.from({ length: AT_ONCE }, () => gate.post(body, target('InitiateAuth'))),
      );
      assert.deepEqual(
        tally(answers),
        new Map([
          ['200', 1],
          ['400 NotAuthorizedException', AT_ONCE - 1],
        ]),
      );
    });

    test('one sign-up sent 300 times: one user, the rest told the name is taken or to retry later', async () => {
      const body = JSON.stringify({
        ClientId: gate.spa.clientId,
        Username: 'lee',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'lee@example.com' }],
      });
      const answers = await Promise.all(
        Array.from({ length: AT_ONCE }, () => gate.post(body, target('SignUp'))),
      );
      const counts = tally(answers);
      assert.equal(counts.get('200'), 1, JSON.stringify([...counts]));
      for (const key of counts.keys()) {
        assert.ok(
          ['200', '400 UsernameExistsException', '400 TooManyRequestsException'].includes(key),
          `unexpected answer ${key}`,
        );
      }
      const users = await gate.server.gatehouse.poolUsers.list(gate.poolId, CLI_ACTOR);
      assert.equal(users.filter((u) => u.username === 'lee').length, 1);
    });
  },
);
