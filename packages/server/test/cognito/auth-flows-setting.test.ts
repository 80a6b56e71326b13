import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { InitiateAuthCommand, InvalidParameterException } from '@aws-sdk/client-cognito-identity-provider';
import type { AppClient, CreatedAppClient } from '@gatehouse/schemas';
import { runCli } from '../cli/helpers.js';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate } from './support/gate.js';
import { refusedWith } from './support/refused.js';

const PASSWORD = 'a long enough passphrase';

eachBackend(
  'app clients’ sign-in flows for the API',
  (name) => new CognitoGate(name),
  (gate) => {
    const cli = (...args: string[]) =>
      runCli(['user-pools', 'clients', ...args, '--json'], gate.backend.env());
    const signIn = (ClientId: string) =>
      gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId,
          AuthParameters: { USERNAME: 'dana', PASSWORD },
        }),
      );

    test('a new client allows Cognito’s default flows; --auth-flow chooses, with or without ALLOW_', async () => {
      await gate.user('dana', PASSWORD);
      const plain = await cli(
        'create',
        '--pool',
        gate.poolId,
        '--name',
        'plain',
        '--public',
        '--redirect-uri',
        'http://localhost/cb',
      );
      assert.equal(plain.code, 0, plain.stderr);
      const created = plain.json<CreatedAppClient>();
      assert.deepEqual(created.settings.explicitAuthFlows, ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH']);
      await gate.server.runtime.poll();
      await assert.rejects(
        signIn(created.clientId),
        refusedWith(InvalidParameterException, 'USER_PASSWORD_AUTH flow not enabled for this client'),
      );
      const updated = await cli(
        'update',
        '--pool',
        gate.poolId,
        created.clientId,
        '--auth-flow',
        'ALLOW_USER_PASSWORD_AUTH',
        '--auth-flow',
        'REFRESH_TOKEN_AUTH',
      );
      assert.equal(updated.code, 0, updated.stderr);
      assert.deepEqual(updated.json<AppClient>().settings.explicitAuthFlows, [
        'USER_PASSWORD_AUTH',
        'REFRESH_TOKEN_AUTH',
      ]);
      await gate.server.runtime.poll();
      assert.ok((await signIn(created.clientId)).AuthenticationResult?.AccessToken);
    });

    test('an unknown flow is refused by name', async () => {
      const bad = await cli(
        'create',
        '--pool',
        gate.poolId,
        '--name',
        'bad',
        '--public',
        '--redirect-uri',
        'http://localhost/cb',
        '--auth-flow',
        'MAGIC_AUTH',
      );
      assert.notEqual(bad.code, 0);
      assert.match(
        bad.stdout + bad.stderr,
        /USER_PASSWORD_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH, ADMIN_USER_PASSWORD_AUTH/,
      );
    });
  },
);
