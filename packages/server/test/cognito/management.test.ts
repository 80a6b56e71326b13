import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreatedAccessKey } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { signedHeaders } from '../access-keys/signer.js';
import { eachBackend } from '../support/each-backend.js';
import { CALLBACK, CognitoGate } from './support/gate.js';

/** The AWS SDK error's `__type` and HTTP status, for assert.rejects. */
function awsError(type: string, status: number, message?: RegExp) {
  return (error: unknown) => {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, type, e.message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  };
}

eachBackend(
  'Cognito management operations, signed with access keys',
  (name) => new CognitoGate(name),
  (gate) => {
    let teamKey: CreatedAccessKey;
    let adminKey: CreatedAccessKey;
    let orders: CognitoIdentityProviderClient;
    let platform: CognitoIdentityProviderClient;
    let poolId = '';

    const sdkFor = (key: CreatedAccessKey) =>
      new CognitoIdentityProviderClient({
        endpoint: gate.server.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
        maxAttempts: 1,
      });

    before(async () => {
      // The SDK signs with the time of day; the server's clock starts there too.
      gate.clock.set(Date.now());
      const g = gate.server.gatehouse;
      await g.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR);
      teamKey = await g.accessKeys.create({ team: 'orders', name: 'orders-ci' }, CLI_ACTOR);
      adminKey = await g.accessKeys.create({ platformAdmin: true }, CLI_ACTOR);
      gate.secrets.push(teamKey.secretAccessKey, adminKey.secretAccessKey);
      orders = sdkFor(teamKey);
      platform = sdkFor(adminKey);
    });

    test("CreateUserPool makes a pool of the key's team, with Cognito's settings mapped", async () => {
      const out = await orders.send(
        new CreateUserPoolCommand({
          PoolName: 'orders-people',
          Policies: { PasswordPolicy: { MinimumLength: 10, RequireUppercase: true } },
          AutoVerifiedAttributes: ['email'],
          UsernameAttributes: ['email'],
          Schema: [{ Name: 'name', Required: true, AttributeDataType: 'String' }],
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          UserPoolTags: { env: 'test' },
        }),
      );
      const pool = out.UserPool;
      assert.ok(pool?.Id);
      poolId = pool.Id;
      assert.match(poolId, /^local_[A-Za-z0-9]{9}$/);
      assert.equal(pool.Name, 'orders-people');
      assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 10);
      assert.deepEqual(pool.UsernameAttributes, ['email']);
      assert.equal(pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly, true);
      assert.ok(pool.CreationDate instanceof Date);
      assert.ok(Math.abs((pool.CreationDate?.getTime() ?? 0) - gate.clock.now()) < 1000);
      const stored = await gate.server.gatehouse.userPools.get(poolId, CLI_ACTOR);
      assert.equal(stored.settings.selfSignUp, false);
      assert.equal(stored.settings.signInWith, 'email');
      assert.deepEqual(stored.settings.requiredAttributes, ['name']);
      const team = await gate.server.gatehouse.teams.get('orders', CLI_ACTOR);
      assert.equal(stored.teamId, team.id);
      const audit = await gate.server.gatehouse.audit.list(CLI_ACTOR, {
        action: 'user_pool.create',
        targetId: poolId,
      });
      assert.deepEqual(audit.events[0]?.actor, {
        type: 'access_key',
        id: teamKey.accessKeyId,
        name: 'orders-ci',
      });
    });

    test('DescribeUserPool and ListUserPools, with pages', async () => {
      const described = await orders.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      assert.equal(described.UserPool?.Id, poolId);
      await orders.send(new CreateUserPoolCommand({ PoolName: 'second' }));
      const first = await orders.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      assert.equal(first.UserPools?.length, 1);
      assert.ok(first.NextToken);
      const second = await orders.send(
        new ListUserPoolsCommand({ MaxResults: 1, NextToken: first.NextToken }),
      );
      assert.equal(second.UserPools?.length, 1);
      assert.equal(second.NextToken, undefined);
      const names = [...(first.UserPools ?? []), ...(second.UserPools ?? [])].map((p) => p.Name).sort();
      assert.deepEqual(names, ['orders-people', 'second']);
      // The platform key sees every pool, the gate's own included.
      const all = await platform.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.ok(all.UserPools?.some((p) => p.Id === gate.poolId));
    });

    test("another team's pool is invisible to a team's key: ResourceNotFoundException", async () => {
      const notFound = awsError(
        'ResourceNotFoundException',
        400,
        new RegExp(`User pool ${gate.poolId} does not exist`),
      );
      await assert.rejects(orders.send(new DescribeUserPoolCommand({ UserPoolId: gate.poolId })), notFound);
      await assert.rejects(orders.send(new DeleteUserPoolCommand({ UserPoolId: gate.poolId })), notFound);
      await assert.rejects(
        orders.send(new CreateGroupCommand({ UserPoolId: gate.poolId, GroupName: 'intruders' })),
        notFound,
      );
      await assert.rejects(
        orders.send(new ListUserPoolClientsCommand({ UserPoolId: gate.poolId })),
        notFound,
      );
      const listed = await orders.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.ok(!listed.UserPools?.some((p) => p.Id === gate.poolId));
      const theirs = await platform.send(new DescribeUserPoolCommand({ UserPoolId: gate.poolId }));
      assert.equal(theirs.UserPool?.Id, gate.poolId);
    });

    test('app clients: a secret is in the CreateUserPoolClient answer only', async () => {
      const created = await orders.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'orders-web',
          GenerateSecret: true,
          CallbackURLs: [CALLBACK],
          LogoutURLs: ['https://app.example.com/bye'],
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          AccessTokenValidity: 30,
          TokenValidityUnits: { AccessToken: 'minutes' },
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      const client = created.UserPoolClient;
      assert.ok(client?.ClientId && client.ClientSecret);
      gate.secrets.push(client.ClientSecret);
      assert.equal(client.UserPoolId, poolId);
      assert.deepEqual(client.CallbackURLs, [CALLBACK]);
      assert.equal(client.AccessTokenValidity, 1800);
      assert.equal(client.TokenValidityUnits?.AccessToken, 'seconds');
      assert.deepEqual(client.AllowedOAuthScopes, ['openid', 'email']);
      const stored = await gate.server.gatehouse.appClients.get(poolId, client.ClientId, CLI_ACTOR);
      assert.equal(stored.public, false);
      assert.equal(stored.settings.accessTokenSeconds, 1800);
      assert.deepEqual(stored.settings.explicitAuthFlows, ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH']);
      const described = await orders.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }),
      );
      assert.equal(described.UserPoolClient?.ClientName, 'orders-web');
      assert.equal(described.UserPoolClient?.ClientSecret, undefined);
      assert.deepEqual(described.UserPoolClient?.ExplicitAuthFlows, [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]);
      const spa = await orders.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'orders-spa',
          CallbackURLs: [CALLBACK],
        }),
      );
      assert.equal(spa.UserPoolClient?.ClientSecret, undefined);
      const listed = await orders.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
      assert.equal(listed.UserPoolClients?.length, 1);
      const rest = await orders.send(
        new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: listed.NextToken }),
      );
      assert.deepEqual(
        [...(listed.UserPoolClients ?? []), ...(rest.UserPoolClients ?? [])].map((c) => c.ClientName).sort(),
        ['orders-spa', 'orders-web'],
      );
      await orders.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      await assert.rejects(
        orders.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId })),
        awsError('ResourceNotFoundException', 400, /User pool client .* does not exist/),
      );
      await assert.rejects(
        orders.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'x',
            AllowedOAuthFlows: ['implicit'],
            CallbackURLs: [CALLBACK],
          }),
        ),
        awsError('InvalidParameterException', 400),
      );
    });

    test("resource servers: the team's own, the same the machine side uses", async () => {
      const created = await orders.send(
        new CreateResourceServerCommand({
          UserPoolId: poolId,
          Identifier: 'lj-health-food',
          Name: 'Health food',
          Scopes: [{ ScopeName: 'place-order', ScopeDescription: 'Place an order' }],
        }),
      );
      assert.deepEqual(created.ResourceServer, {
        UserPoolId: poolId,
        Identifier: 'lj-health-food',
        Name: 'Health food',
        Scopes: [{ ScopeName: 'place-order', ScopeDescription: 'Place an order' }],
      });
      const registry = await gate.server.gatehouse.resourceServers.get('lj-health-food', CLI_ACTOR);
      const team = await gate.server.gatehouse.teams.get('orders', CLI_ACTOR);
      assert.equal(registry.teamId, team.id);
      assert.deepEqual(
        registry.scopes.map((s) => s.name),
        ['place-order'],
      );
      const described = await orders.send(
        new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'lj-health-food' }),
      );
      assert.equal(described.ResourceServer?.Name, 'Health food');
      const listed = await orders.send(
        new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10 }),
      );
      assert.deepEqual(
        listed.ResourceServers?.map((s) => s.Identifier),
        ['lj-health-food'],
      );
      // A pool of no team does not show the team's resource servers, nor Gatehouse's own.
      const elsewhere = await platform.send(
        new ListResourceServersCommand({ UserPoolId: gate.poolId, MaxResults: 10 }),
      );
      assert.deepEqual(elsewhere.ResourceServers, []);
      await assert.rejects(
        platform.send(
          new DescribeResourceServerCommand({ UserPoolId: gate.poolId, Identifier: 'lj-health-food' }),
        ),
        awsError('ResourceNotFoundException', 400),
      );
    });

    test('groups: CreateGroup and ListGroups; a second group of one name is GroupExistsException', async () => {
      const made = await orders.send(
        new CreateGroupCommand({
          UserPoolId: poolId,
          GroupName: 'admins',
          Description: 'Shop admins',
          Precedence: 1,
        }),
      );
      assert.equal(made.Group?.GroupName, 'admins');
      assert.equal(made.Group?.Precedence, 1);
      assert.ok(made.Group?.CreationDate instanceof Date);
      await orders.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }));
      await assert.rejects(
        orders.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })),
        awsError('GroupExistsException', 400, /A group with the name admins already exists/),
      );
      const first = await orders.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 1 }));
      const rest = await orders.send(
        new ListGroupsCommand({ UserPoolId: poolId, Limit: 1, NextToken: first.NextToken }),
      );
      assert.deepEqual(
        [...(first.Groups ?? []), ...(rest.Groups ?? [])].map((g) => g.GroupName),
        ['admins', 'editors'],
      );
    });

    test("missing members and wrong types are Cognito's 400s, never a 5xx", async () => {
      await assert.rejects(
        orders.send(new CreateUserPoolCommand({} as never)),
        awsError('InvalidParameterException', 400, /Value null at 'poolName' failed to satisfy constraint/),
      );
      await assert.rejects(
        orders.send(new ListUserPoolsCommand({ MaxResults: 0 })),
        awsError('InvalidParameterException', 400, /maxResults/),
      );
      await assert.rejects(
        orders.send(new ListUserPoolsCommand({ MaxResults: 10, NextToken: 'not-a-token' })),
        awsError('InvalidParameterException', 400, /pagination token/),
      );
      const body = JSON.stringify({ PoolName: 5 });
      const headers = signedHeaders({
        accessKeyId: teamKey.accessKeyId,
        secret: teamKey.secretAccessKey,
        url: gate.server.url,
        body,
        at: Date.now(),
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
      });
      const answer = await gate.post(body, headers);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json?.__type, 'SerializationException');
    });

    test('DeleteUserPool takes the pool away', async () => {
      await orders.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
      await assert.rejects(
        orders.send(new DescribeUserPoolCommand({ UserPoolId: poolId })),
        awsError('ResourceNotFoundException', 400),
      );
    });
  },
);
