import * as assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import {
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  TooManyRequestsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { N } from '../../../src/crypto/srp-group.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { CALLBACK, CognitoGate } from '../support/gate.js';
import { refusedWith } from '../support/refused.js';
import { respond, startSrp } from './srp-sdk.js';

const PASSWORD = 'a long enough passphrase';
const INCORRECT = 'Incorrect username or password.';
const incorrect = refusedWith(NotAuthorizedException, INCORRECT);
const HOUR = 3_600_000;

eachBackend(
  'USER_SRP_AUTH driven by hand with the AWS SDK v3',
  (name) => new CognitoGate(name),
  (gate) => {
    const run = (username: string, password = PASSWORD) => ({
      clientId: gate.spa.clientId,
      username,
      password,
    });
    const srp = (username: string, password = PASSWORD) =>
      startSrp(gate.sdk, gate.poolId, run(username, password));

    // Every test starts past the lockout window, so refusals in one do not lock the next out.
    beforeEach(() => gate.clock.advance(2 * HOUR));

    test('PASSWORD_VERIFIER, as Cognito asks it (no Session), then the pool’s tokens', async () => {
      const alice = await gate.user('Alice', PASSWORD);
      const { challenge, answer } = await srp('alice');
      assert.equal(challenge.ChallengeName, 'PASSWORD_VERIFIER');
      assert.equal(challenge.Session, undefined);
      const parameters = challenge.ChallengeParameters ?? {};
      assert.deepEqual(Object.keys(parameters).sort(), [
        'SALT',
        'SECRET_BLOCK',
        'SRP_B',
        'USERNAME',
        'USER_ID_FOR_SRP',
      ]);
      assert.equal(parameters.USER_ID_FOR_SRP, 'Alice');
      assert.equal(parameters.USERNAME, 'Alice');
      assert.match(parameters.SRP_B ?? '', /^[0-9a-f]+$/);
      const out = await respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now()));
      const tokens = out.AuthenticationResult;
      assert.ok(tokens?.AccessToken && tokens.IdToken && tokens.RefreshToken);
      assert.equal(tokens.TokenType, 'Bearer');
      const access = await gate.verify(tokens.AccessToken);
      assert.equal(access.sub, alice.sub);
      assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    });

    test('a client with a secret needs SECRET_HASH on both steps', async () => {
      const withSecret = {
        ...run('alice'),
        clientId: gate.backendClient.clientId,
        secretHash: (u: string) => gate.secretHash(u),
      };
      const { answer } = await startSrp(gate.sdk, gate.poolId, withSecret);
      const out = await respond(gate.sdk, gate.backendClient.clientId, answer(gate.clock.now()));
      assert.ok(out.AuthenticationResult?.AccessToken);
      await assert.rejects(
        startSrp(gate.sdk, gate.poolId, { ...withSecret, secretHash: undefined }),
        refusedWith(
          NotAuthorizedException,
          `Client ${gate.backendClient.clientId} is configured with secret but SECRET_HASH was not received`,
        ),
      );
    });

    test('a SECRET_BLOCK answers once: replayed, even all at once, it is refused', async () => {
      const { answer } = await srp('alice');
      const responses = answer(gate.clock.now());
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => respond(gate.sdk, gate.spa.clientId, responses)),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(incorrect(r.reason));
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, responses), incorrect);
    });

    test('a forged, truncated or other client’s SECRET_BLOCK is refused, even signed with the right key', async () => {
      const { answer } = await srp('alice');
      const now = gate.clock.now();
      const bytes = Buffer.from(answer(now).PASSWORD_CLAIM_SECRET_BLOCK ?? '', 'base64');
      bytes[40] = (bytes[40] ?? 0) ^ 1;
      await assert.rejects(
        respond(gate.sdk, gate.spa.clientId, answer(now, bytes.toString('base64'))),
        incorrect,
      );
      await assert.rejects(
        respond(gate.sdk, gate.spa.clientId, answer(now, bytes.subarray(0, 60).toString('base64'))),
        incorrect,
      );
      await assert.rejects(
        respond(gate.sdk, gate.spa.clientId, answer(now, 'not base64 at all!')),
        incorrect,
      );
      const other = await gate.appClient({
        name: 'other',
        public: true,
        redirectUris: [CALLBACK],
        settings: { explicitAuthFlows: ['USER_SRP_AUTH'] },
      });
      await assert.rejects(respond(gate.sdk, other.clientId, answer(now)), incorrect);
      // None of these spent the block.
      assert.ok((await respond(gate.sdk, gate.spa.clientId, answer(now))).AuthenticationResult);
    });

    test('a timestamp off by more than five minutes, or not in Cognito’s form, is refused', async () => {
      const { answer } = await srp('alice');
      const now = gate.clock.now();
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, answer(now - 6 * 60_000)), incorrect);
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, answer(now + 6 * 60_000)), incorrect);
      const padded = answer(now);
      padded.TIMESTAMP = (padded.TIMESTAMP ?? '').replace(/ (\d) /, ' 0$1 ');
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, padded), incorrect);
      assert.ok((await respond(gate.sdk, gate.spa.clientId, answer(now + 4 * 60_000))).AuthenticationResult);
    });

    test('the SECRET_BLOCK expires after three minutes', async () => {
      const { answer } = await srp('alice');
      gate.clock.advance(3 * 60_000 + 1);
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now())), incorrect);
    });

    test('SRP_A must be hexadecimal and not 0 modulo N', async () => {
      for (const srpA of ['xyz', '0', N.toString(16), (2n * N).toString(16), 'a'.repeat(2000)]) {
        await assert.rejects(
          gate.sdk.send(
            new InitiateAuthCommand({
              AuthFlow: 'USER_SRP_AUTH',
              ClientId: gate.spa.clientId,
              AuthParameters: { USERNAME: 'alice', SRP_A: srpA },
            }),
          ),
          refusedWith(InvalidParameterException),
          srpA.slice(0, 10),
        );
      }
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_SRP_AUTH',
            ClientId: gate.spa.clientId,
            AuthParameters: { USERNAME: 'alice' },
          }),
        ),
        refusedWith(InvalidParameterException, 'Missing required parameter SRP_A'),
      );
    });

    test('wrong passwords over SRP and over USER_PASSWORD_AUTH count toward one lockout', async () => {
      await gate.user('lee', PASSWORD);
      for (let i = 0; i < 2; i++) await assert.rejects(gate.signIn('lee', `wrong password ${i}`), incorrect);
      for (let i = 0; i < 2; i++) {
        const { answer } = await srp('lee', `wrong password ${i}`);
        await assert.rejects(respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now())), incorrect);
      }
      const fifth = await srp('lee', 'wrong password 5');
      await assert.rejects(
        respond(gate.sdk, gate.spa.clientId, fifth.answer(gate.clock.now())),
        refusedWith(NotAuthorizedException, 'Password attempts exceeded'),
      );
      const right = await srp('lee');
      await assert.rejects(
        respond(gate.sdk, gate.spa.clientId, right.answer(gate.clock.now())),
        refusedWith(NotAuthorizedException, 'Password attempts exceeded'),
      );
    });

    test('an unknown name gets a challenge like a real one, the same salt each time, and is refused', async () => {
      const first = await srp('nobody');
      const second = await srp('Nobody');
      assert.equal(first.challenge.ChallengeParameters?.SALT, second.challenge.ChallengeParameters?.SALT);
      assert.notEqual(
        first.challenge.ChallengeParameters?.SRP_B,
        second.challenge.ChallengeParameters?.SRP_B,
      );
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, first.answer(gate.clock.now())), incorrect);
    });

    test('a pool that tells unknown users apart answers UserNotFoundException at once', async () => {
      const open = await gate.server.gatehouse.userPools.create(
        { name: 'Open', preventUserExistenceErrors: false },
        CLI_ACTOR,
      );
      const client = await gate.server.gatehouse.appClients.create(
        open.id,
        {
          name: 'spa',
          public: true,
          redirectUris: [CALLBACK],
          settings: { explicitAuthFlows: ['USER_SRP_AUTH'] },
        },
        CLI_ACTOR,
      );
      await gate.server.runtime.poll();
      await assert.rejects(
        startSrp(gate.sdk, open.id, { clientId: client.clientId, username: 'nobody', password: PASSWORD }),
        refusedWith(UserNotFoundException, 'User does not exist.'),
      );
    });

    test('a client that does not allow USER_SRP_AUTH refuses it', async () => {
      const client = await gate.appClient({
        name: 'password-only',
        public: true,
        redirectUris: [CALLBACK],
        settings: { explicitAuthFlows: ['USER_PASSWORD_AUTH'] },
      });
      await assert.rejects(
        startSrp(gate.sdk, gate.poolId, { ...run('alice'), clientId: client.clientId }),
        refusedWith(InvalidParameterException, 'USER_SRP_AUTH flow not enabled for this client'),
      );
    });

    test('a password set before SRP: refused and logged, until a password sign-in stores its verifier', async () => {
      const pat = await gate.user('pat', PASSWORD);
      await gate.server.gatehouse.db.run('UPDATE pool_users SET srp_verifier = NULL WHERE sub = ?', [
        pat.sub,
      ]);
      const before = await srp('pat');
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, before.answer(gate.clock.now())), incorrect);
      const refused = gate.logs.find((l) => l.msg.startsWith('SRP sign-in refused') && l.sub === pat.sub);
      assert.equal(refused?.reason, 'password set before SRP');
      await gate.signIn('pat', PASSWORD);
      assert.ok(gate.logs.some((l) => l.msg.startsWith('stored the SRP verifier') && l.sub === pat.sub));
      const after = await srp('pat');
      assert.ok(
        (await respond(gate.sdk, gate.spa.clientId, after.answer(gate.clock.now()))).AuthenticationResult,
      );
    });

    test('a new password replaces the verifier; a challenge from before the change fails', async () => {
      const sam = await gate.user('sam', PASSWORD);
      const pending = await srp('sam');
      await gate.server.gatehouse.poolUsers.setPassword(
        gate.poolId,
        sam.sub,
        { password: 'the second passphrase', permanent: true },
        CLI_ACTOR,
      );
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, pending.answer(gate.clock.now())), incorrect);
      const old = await srp('sam');
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, old.answer(gate.clock.now())), incorrect);
      const fresh = await srp('sam', 'the second passphrase');
      assert.ok(
        (await respond(gate.sdk, gate.spa.clientId, fresh.answer(gate.clock.now()))).AuthenticationResult,
      );
    });

    test('a password reset with the mailed code stores the new password’s verifier', async () => {
      await gate.user('rae', PASSWORD);
      const self = gate.server.gatehouse.poolSelfService;
      await self.requestReset(gate.poolId, 'rae');
      const code = await gate.mail.codeFor('rae@example.com');
      await self.resetWithCode(gate.poolId, 'rae', code, 'the reset passphrase', CLI_ACTOR);
      const old = await srp('rae');
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, old.answer(gate.clock.now())), incorrect);
      const fresh = await srp('rae', 'the reset passphrase');
      assert.ok(
        (await respond(gate.sdk, gate.spa.clientId, fresh.answer(gate.clock.now()))).AuthenticationResult,
      );
    });

    test('a disabled user is refused like a wrong password', async () => {
      const dee = await gate.user('dee', PASSWORD);
      await gate.server.gatehouse.poolUsers.disable(gate.poolId, dee.sub, CLI_ACTOR);
      const { answer } = await srp('dee');
      await assert.rejects(respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now())), incorrect);
    });

    test('the verifier is sealed at rest, and no password reaches a log line', async () => {
      const row = await gate.server.gatehouse.db.get<{ srp_verifier: string }>(
        "SELECT srp_verifier FROM pool_users WHERE username = 'Alice'",
      );
      assert.match(row?.srp_verifier ?? '', /^v1\./);
      const text = JSON.stringify(gate.logs);
      assert.ok(!text.includes(PASSWORD) && !text.includes('the second passphrase'));
    });
  },
);

eachBackend(
  'USER_SRP_AUTH under the password threads’ limits',
  (name) =>
    new CognitoGate(
      name,
      {},
      { GATEHOUSE_PASSWORD_HASH_CONCURRENCY: '1', GATEHOUSE_PASSWORD_HASH_QUEUE: '0' },
    ),
  (gate) => {
    test('the 3072-bit powers run on the password threads: when they are all taken, both steps are refused with 429 and nothing is spent', async () => {
      await gate.user('Alice', PASSWORD);
      const run = { clientId: gate.spa.clientId, username: 'alice', password: PASSWORD };
      const { answer } = await startSrp(gate.sdk, gate.poolId, run);
      const held = await gate.server.gatehouse.poolPasswords.lease();
      try {
        await assert.rejects(startSrp(gate.sdk, gate.poolId, run), TooManyRequestsException);
        await assert.rejects(
          respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now())),
          TooManyRequestsException,
        );
      } finally {
        held.release();
      }
      // The refused answer did not spend the SECRET_BLOCK: it still signs in once.
      const out = await respond(gate.sdk, gate.spa.clientId, answer(gate.clock.now()));
      assert.ok(out.AuthenticationResult?.AccessToken);
    });
  },
);
