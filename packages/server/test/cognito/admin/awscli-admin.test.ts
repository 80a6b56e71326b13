import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { awsCognito, hasAwsCli } from '../support/aws-cli.js';
import { AdminGate } from './admin-gate.js';

const skip = hasAwsCli() ? false : 'Debian awscli is not installed (apt-get install awscli)';

/** The admin operations through Debian's awscli: botocore's signing, pagination and error parsing. */
eachBackend(
  'admin operations through Debian awscli',
  (name) => new AdminGate(name),
  (gate) => {
    test('admin-create-user, admin-get-user, and list-users paging through a filter', { skip }, async () => {
      // The AWS CLI signs with the real time, and a signature must be within minutes of the server's.
      gate.clock.set(Date.now());
      const aws = (...args: string[]) => awsCognito(gate.server.url, args, gate.ordersKey);
      const pool = gate.ordersPool;
      const created = await aws(
        'admin-create-user',
        '--user-pool-id',
        pool,
        '--username',
        'user0',
        '--temporary-password',
        'Temporary-pass-1',
        '--message-action',
        'SUPPRESS',
        '--user-attributes',
        'Name=email,Value=user0@example.com',
        'Name=email_verified,Value=true',
      );
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.json<{ User: { UserStatus: string } }>().User.UserStatus, 'FORCE_CHANGE_PASSWORD');
      for (let i = 1; i < 5; i++) {
        await gate.server.gatehouse.poolUsers.create(pool, { username: `user${i}` }, CLI_ACTOR);
      }
      await gate.server.gatehouse.poolUsers.create(pool, { username: 'other' }, CLI_ACTOR);

      const got = await aws('admin-get-user', '--user-pool-id', pool, '--username', 'user0');
      assert.equal(got.code, 0, got.stderr);
      const user = got.json<{ Username: string; UserAttributes: { Name: string; Value: string }[] }>();
      assert.equal(user.Username, 'user0');
      assert.ok(user.UserAttributes.some((a) => a.Name === 'email' && a.Value === 'user0@example.com'));

      // The CLI follows PaginationToken itself, two users a page.
      const listed = await aws(
        'list-users',
        '--user-pool-id',
        pool,
        '--filter',
        'username ^= "user"',
        '--page-size',
        '2',
      );
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(
        listed.json<{ Users: { Username: string }[] }>().Users.map((u) => u.Username),
        ['user0', 'user1', 'user2', 'user3', 'user4'],
      );

      const bad = await aws('list-users', '--user-pool-id', pool, '--filter', 'custom:tier = "gold"');
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /\(InvalidParameterException\) when calling the ListUsers operation/);
      const missing = await aws('admin-get-user', '--user-pool-id', pool, '--username', 'nobody');
      assert.match(
        missing.stderr,
        /\(UserNotFoundException\) when calling the AdminGetUser operation: User does not exist\./,
      );
    });
  },
);
