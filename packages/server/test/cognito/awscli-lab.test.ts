import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { runCli } from '../cli/helpers.js';
import type { BackendName } from '../support/backends.js';
import { eachBackend } from '../support/each-backend.js';
import { awsCognito, hasAwsCli } from './support/aws-cli.js';
import { CognitoGate, UNUSED_CREDENTIALS } from './support/gate.js';

/**
 * The lab's commands, verbatim, through Debian's awscli (botocore's own JSON protocol and error
 * parsing): sign-up with `student`/`student` on a pool whose policy allows it, admin-confirm-sign-up
 * signed with a Gatehouse access key, then initiate-auth with USER_PASSWORD_AUTH.
 */
const skip = hasAwsCli() ? false : 'Debian awscli is not installed (apt-get install awscli)';
const TEAM = 'lab-team';

const labPool = (name: BackendName) =>
  new CognitoGate(name, async (gatehouse) => {
    const team = await gatehouse.teams.create({ slug: TEAM, name: 'Lab' }, CLI_ACTOR);
    return { teamId: team.id, passwordPolicy: { minLength: 6, refuseCommonPasswords: false } };
  });

eachBackend('the lab, through Debian awscli', labPool, (gate) => {
  const aws = (...args: string[]) => awsCognito(gate.server.url, args, UNUSED_CREDENTIALS);

  test('sign-up, then initiate-auth with USER_PASSWORD_AUTH', { skip }, async () => {
    const ID = gate.spa.clientId;
    const signUp = await aws('sign-up', '--client-id', ID, '--username', 'student', '--password', 'student');
    assert.equal(signUp.code, 0, signUp.stderr);
    assert.equal(signUp.json().UserConfirmed, false);
    // Confirmed through the service; the signed admin-confirm-sign-up is the next suite's.
    await gate.server.gatehouse.poolUsers.confirm(gate.poolId, 'student', CLI_ACTOR);
    const signIn = await aws(
      'initiate-auth',
      '--client-id',
      ID,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=student,PASSWORD=student',
    );
    assert.equal(signIn.code, 0, signIn.stderr);
    const result = signIn.json<{ AuthenticationResult: Record<string, string> }>().AuthenticationResult;
    const access = await gate.verify(result.AccessToken ?? '');
    assert.equal(access.username, 'student');
    assert.equal(access.token_use, 'access');
  });

  test("botocore reads Gatehouse's errors as Cognito's", { skip }, async () => {
    const wrong = await aws(
      'initiate-auth',
      '--client-id',
      gate.spa.clientId,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=student,PASSWORD=wrong-one',
    );
    assert.notEqual(wrong.code, 0);
    assert.match(
      wrong.stderr,
      /\(NotAuthorizedException\) when calling the InitiateAuth operation: Incorrect username or password\./,
    );
    const taken = await aws(
      'sign-up',
      '--client-id',
      gate.spa.clientId,
      '--username',
      'student',
      '--password',
      'student',
    );
    assert.match(
      taken.stderr,
      /\(UsernameExistsException\) when calling the SignUp operation: User already exists/,
    );
  });
});

/** The lab's three commands as its authors wrote them, the admin one signed with a Gatehouse access key. */
eachBackend('the lab verbatim, admin-confirm-sign-up signed with an access key', labPool, (gate) => {
  test('sign-up, admin-confirm-sign-up, initiate-auth', { skip }, async () => {
    // The AWS CLI signs with the real time, and a signature must be within minutes of the server's.
    gate.clock.set(Date.now());
    const created = await runCli(['access-keys', 'create', '--team', TEAM, '--json'], gate.backend.env());
    assert.equal(created.code, 0, created.stderr);
    const key = created.json<{ accessKeyId: string; secretAccessKey: string }>();
    gate.secrets.push(key.secretAccessKey);
    const aws = (...args: string[]) => awsCognito(gate.server.url, args, key);
    const ID = gate.spa.clientId;
    const CognitoPoolId = gate.poolId;
    const signUp = await aws('sign-up', '--client-id', ID, '--username', 'student', '--password', 'student');
    assert.equal(signUp.code, 0, signUp.stderr);
    const confirm = await aws(
      'admin-confirm-sign-up',
      '--user-pool-id',
      CognitoPoolId,
      '--username',
      'student',
    );
    assert.equal(confirm.code, 0, confirm.stderr);
    const signIn = await aws(
      'initiate-auth',
      '--client-id',
      ID,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=student,PASSWORD=student',
    );
    assert.equal(signIn.code, 0, signIn.stderr);
    const result = signIn.json<{ AuthenticationResult: Record<string, string> }>().AuthenticationResult;
    assert.equal((await gate.verify(result.AccessToken ?? '')).username, 'student');
  });
});
