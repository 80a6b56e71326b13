import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  InvalidParameterException,
  ListUsersCommand,
  type ListUsersCommandOutput,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { refusedWith } from '../support/refused.js';
import { AdminGate } from './admin-gate.js';

const PASSWORD = 'correct horse battery staple';

eachBackend(
  'Cognito ListUsers and group membership',
  (name) => new AdminGate(name),
  (gate) => {
    const pool = () => gate.ordersPool;
    const list = (input: Omit<ConstructorParameters<typeof ListUsersCommand>[0], 'UserPoolId'> = {}) =>
      gate.admin.send(new ListUsersCommand({ UserPoolId: pool(), ...input }));
    const names = (out: ListUsersCommandOutput) => (out.Users ?? []).map((u) => u.Username ?? '');

    test('set-up: users of every kind', async () => {
      const { poolUsers } = gate.server.gatehouse;
      const add = (username: string, extra: object = {}) =>
        poolUsers.create(pool(), { username, password: PASSWORD, ...extra }, CLI_ACTOR);
      await add('kim', {
        email: 'kim@example.com',
        attributes: { given_name: 'Kim', family_name: 'Lee', phone_number: '+14155550100' },
      });
      await add('kimberly', {
        email: 'kimberly@example.org',
        attributes: { given_name: 'Kimberly', name: 'Say "hi"' },
      });
      await add('lee', { attributes: { name: '50%_off' } });
      await add('le_e', { attributes: { name: '50xxoff' } });
      await poolUsers.signUp(pool(), { username: 'new', password: PASSWORD }, CLI_ACTOR);
      await poolUsers.disable(pool(), 'lee', CLI_ACTOR);
      for (let i = 0; i < 7; i++) await add(`user${i}`);
    });

    test("every user in Cognito's UserType, by username", async () => {
      const out = await list();
      assert.deepEqual(names(out), [
        'kim',
        'kimberly',
        'le_e',
        'lee',
        'new',
        'user0',
        'user1',
        'user2',
        'user3',
        'user4',
        'user5',
        'user6',
      ]);
      assert.equal(out.PaginationToken, undefined);
      const kim = out.Users?.[0];
      assert.equal(kim?.UserStatus, 'CONFIRMED');
      assert.equal(kim?.Enabled, true);
      assert.equal(kim?.UserCreateDate?.getTime(), gate.clock.now());
      assert.deepEqual(
        Object.fromEntries(
          (kim?.Attributes ?? []).filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value]),
        ),
        {
          email: 'kim@example.com',
          email_verified: 'false',
          given_name: 'Kim',
          family_name: 'Lee',
          phone_number: '+14155550100',
        },
      );
    });

    test('filters: exact and prefix, on every searchable attribute', async () => {
      const cases: [string, string[]][] = [
        ['username = "KIM"', ['kim']],
        ['username ^= "kim"', ['kim', 'kimberly']],
        ['email = "kim@example.com"', ['kim']],
        ['email^="kim"', ['kim', 'kimberly']],
        ['given_name ^= "Kim"', ['kim', 'kimberly']],
        ['given_name = "kim"', []],
        ['family_name = "Lee"', ['kim']],
        ['phone_number = "+14155550100"', ['kim']],
        ['name = "Say \\"hi\\""', ['kimberly']],
        ['name ^= "50%_"', ['lee']],
        ['username ^= "le_"', ['le_e']],
        ['username ^= "%"', []],
        ['preferred_username = "x"', []],
        ['cognito:user_status = "UNCONFIRMED"', ['new']],
        ['cognito:user_status = "unconfirmed"', ['new']],
        ['status = "Disabled"', ['lee']],
        ['status = "disabled"', []],
        ['', names(await list())],
      ];
      for (const [filter, expected] of cases) {
        assert.deepEqual(names(await list({ Filter: filter })), expected, filter);
      }
      const kim = await gate.server.gatehouse.poolUsers.get(pool(), 'kim', CLI_ACTOR);
      assert.deepEqual(names(await list({ Filter: `sub = "${kim.sub}"` })), ['kim']);
    });

    test('AttributesToGet keeps only the attributes named', async () => {
      const out = await list({ Filter: 'username = "kim"', AttributesToGet: ['email', 'given_name'] });
      assert.deepEqual(out.Users?.[0]?.Attributes, [
        { Name: 'email', Value: 'kim@example.com' },
        { Name: 'given_name', Value: 'Kim' },
      ]);
    });

    test('pages of Limit users follow the PaginationToken to the end', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const out = await list({ Limit: 5, PaginationToken: token });
        assert.ok((out.Users ?? []).length <= 5);
        seen.push(...names(out));
        token = out.PaginationToken;
        pages++;
      } while (token !== undefined);
      assert.equal(pages, 3);
      assert.equal((await list({ Limit: 0 })).Users?.length, 12, 'Limit 0 is a full page');
      assert.deepEqual(seen, names(await list()));
      const filtered = await list({ Filter: 'username ^= "user"', Limit: 4 });
      assert.deepEqual(names(filtered), ['user0', 'user1', 'user2', 'user3']);
      const rest = await list({
        Filter: 'username ^= "user"',
        Limit: 4,
        PaginationToken: filtered.PaginationToken,
      });
      assert.deepEqual(names(rest), ['user4', 'user5', 'user6']);
      assert.equal(rest.PaginationToken, undefined);
    });

    test('a token changed, for another filter or pool, or expired, is refused', async () => {
      const first = await list({ Limit: 2 });
      const token = first.PaginationToken ?? '';
      const refused = (input: Parameters<typeof list>[0]) =>
        assert.rejects(list(input), refusedWith(InvalidParameterException));
      await refused({ Limit: 2, PaginationToken: `${token.slice(0, -2)}xx` });
      await refused({ Limit: 2, PaginationToken: 'not-a-token' });
      await refused({ Limit: 2, Filter: 'username ^= "u"', PaginationToken: token });
      const billing = await gate.server.gatehouse.accessKeys.create({ platformAdmin: true }, CLI_ACTOR);
      gate.secrets.push(billing.secretAccessKey);
      const platform = gate.signedClient(billing);
      try {
        await assert.rejects(
          platform.send(new ListUsersCommand({ UserPoolId: gate.billingPool, PaginationToken: token })),
          refusedWith(InvalidParameterException),
        );
      } finally {
        platform.destroy();
      }
      gate.clock.advance(86_400_000 + 1);
      gate.resync();
      await refused({ Limit: 2, PaginationToken: token });
    });

    test('bad filters and limits are InvalidParameterException', async () => {
      for (const Filter of [
        'username',
        'username = kim',
        'custom:tier = "gold"',
        'username = "a" and email = "b"',
        "username = 'kim'",
        'username != "kim"',
        'x'.repeat(257),
      ]) {
        await assert.rejects(list({ Filter }), refusedWith(InvalidParameterException), Filter);
      }
      await assert.rejects(list({ Limit: 61 }), refusedWith(InvalidParameterException));
      await assert.rejects(list({ Limit: -1 }), refusedWith(InvalidParameterException));
    });

    test('groups: add, list a page at a time, remove; unknown groups and users refused', async () => {
      const { poolGroups } = gate.server.gatehouse;
      await poolGroups.create(pool(), { name: 'admins', description: 'Admins', precedence: 1 }, CLI_ACTOR);
      await poolGroups.create(pool(), { name: 'buyers' }, CLI_ACTOR);
      await poolGroups.create(pool(), { name: 'viewers', precedence: 5 }, CLI_ACTOR);
      for (const group of ['viewers', 'buyers', 'admins', 'admins']) {
        await gate.admin.send(
          new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: group }),
        );
      }
      const first = await gate.admin.send(
        new AdminListGroupsForUserCommand({ UserPoolId: pool(), Username: 'KIM', Limit: 2 }),
      );
      assert.deepEqual(
        first.Groups?.map((g) => [g.GroupName, g.Precedence, g.Description, g.UserPoolId]),
        [
          ['admins', 1, 'Admins', pool()],
          ['viewers', 5, undefined, pool()],
        ],
      );
      assert.equal(first.Groups?.[0]?.CreationDate?.getTime(), gate.clock.now());
      assert.ok(first.NextToken);
      const second = await gate.admin.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: pool(),
          Username: 'kim',
          Limit: 2,
          NextToken: first.NextToken,
        }),
      );
      assert.deepEqual(
        second.Groups?.map((g) => g.GroupName),
        ['buyers'],
      );
      assert.equal(second.NextToken, undefined);
      // A token from one list is no token for another.
      await assert.rejects(
        gate.admin.send(new ListUsersCommand({ UserPoolId: pool(), PaginationToken: first.NextToken })),
        refusedWith(InvalidParameterException),
      );
      await assert.rejects(
        gate.admin.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: pool(),
            Username: 'lee',
            NextToken: first.NextToken,
          }),
        ),
        refusedWith(InvalidParameterException),
      );

      await gate.admin.send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'viewers' }),
      );
      await gate.admin.send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'viewers' }),
      );
      assert.deepEqual(await poolGroups.groupsOf(pool(), 'kim', CLI_ACTOR), ['admins', 'buyers']);

      await assert.rejects(
        gate.admin.send(
          new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'nope' }),
        ),
        refusedWith(ResourceNotFoundException, 'Group not found.'),
      );
      await assert.rejects(
        gate.admin.send(
          new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'nope' }),
        ),
        refusedWith(ResourceNotFoundException, 'Group not found.'),
      );
      await assert.rejects(
        gate.admin.send(
          new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: 'nobody', GroupName: 'admins' }),
        ),
        refusedWith(UserNotFoundException, 'User does not exist.'),
      );
      await assert.rejects(
        gate.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: pool(), Username: 'nobody' })),
        refusedWith(UserNotFoundException),
      );
    });

    test("another team's key sees no users and changes no group of this pool", async () => {
      const notFound = refusedWith(ResourceNotFoundException, `User pool ${pool()} does not exist.`);
      await assert.rejects(gate.outsider.send(new ListUsersCommand({ UserPoolId: pool() })), notFound);
      await assert.rejects(
        gate.outsider.send(
          new AdminAddUserToGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'viewers' }),
        ),
        notFound,
      );
      await assert.rejects(
        gate.outsider.send(
          new AdminRemoveUserFromGroupCommand({ UserPoolId: pool(), Username: 'kim', GroupName: 'admins' }),
        ),
        notFound,
      );
      await assert.rejects(
        gate.outsider.send(new AdminListGroupsForUserCommand({ UserPoolId: pool(), Username: 'kim' })),
        notFound,
      );
      assert.deepEqual(await gate.server.gatehouse.poolGroups.groupsOf(pool(), 'kim', CLI_ACTOR), [
        'admins',
        'buyers',
      ]);
    });
  },
);
