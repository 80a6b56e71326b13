import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import type { CreatedAccessKey, Team, UserPool } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { SignatureRefused } from '../../src/services/access-keys/signature-refused.js';
import type { SignedRequest } from '../../src/services/access-keys/verify-signature.js';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { ForbiddenError } from '../../src/services/errors.js';
import { type ApiSession, describeEachBackend, ok } from '../admin/harness.js';
import { rawHeadersOf, type SignOptions, signedHeaders } from './signer.js';

const ORIGIN = { ip: '127.0.0.1', userAgent: 'aws-sdk-js/3 tests' };
const BODY = JSON.stringify({ MaxResults: 10 });

describeEachBackend(
  'access keys: SigV4 signatures checked against the key, the clock and replays',
  (gate) => {
    let owner: ApiSession;
    let team: Team;
    let other: Team;
    let teamKey: CreatedAccessKey;
    let adminKey: CreatedAccessKey;

    const services = () => gate.server.gatehouse;

    let invocation = 0;
    /** Signed as the AWS SDK signs: each call carries its own invocation id, so no two are alike. */
    function request(key: CreatedAccessKey, change: Partial<SignOptions> = {}, body = BODY): SignedRequest {
      const headers = signedHeaders({
        headers: { 'amz-sdk-invocation-id': `invocation-${++invocation}` },
        accessKeyId: key.accessKeyId,
        secret: key.secretAccessKey,
        url: gate.url,
        body,
        at: gate.clock.now(),
        ...change,
      });
      return { method: 'POST', url: '/', rawHeaders: rawHeadersOf(headers), body: Buffer.from(body) };
    }

    async function refused(req: SignedRequest, type: string, message?: RegExp | string): Promise<void> {
      await assert.rejects(services().accessKeys.verifyRequest(req, ORIGIN), (error: unknown) => {
        assert.ok(error instanceof SignatureRefused, String(error));
        assert.equal(error.type, type);
        if (typeof message === 'string') assert.equal(error.message, message);
        else if (message) assert.match(error.message, message);
        return true;
      });
    }

    before(async () => {
      owner = await gate.user('owner@example.com');
      team = await gate.team(owner, 'signers');
      other = await gate.team(owner, 'others');
      teamKey = ok(
        await owner.post<CreatedAccessKey>('/api/v1/access-keys', { team: 'signers', name: 'ci' }),
        201,
      );
      adminKey = ok(
        await gate.admin.post<CreatedAccessKey>('/api/v1/access-keys', { platformAdmin: true }),
        201,
      );
    });

    test("a team's key acts for its team, as a member; a platform key as a platform admin", async () => {
      const caller = await services().accessKeys.verifyRequest(request(teamKey), ORIGIN);
      assert.deepEqual(caller.principal, { accessKeyId: teamKey.accessKeyId, teamId: team.id });
      assert.equal(caller.actor.type, 'access_key');
      assert.equal(caller.actor.id, teamKey.accessKeyId);
      assert.equal(caller.actor.isAdmin, false);
      assert.deepEqual([...caller.actor.teams], [[team.id, 'member']]);
      const admin = await services().accessKeys.verifyRequest(
        request(adminKey, { region: 'eu-west-1' }),
        ORIGIN,
      );
      assert.deepEqual(admin.principal, { accessKeyId: adminKey.accessKeyId, teamId: null });
      assert.equal(admin.actor.isAdmin, true);
    });

    test('what a key does is audited under its id, and it reaches only its own team', async () => {
      const { actor } = await services().accessKeys.verifyRequest(request(teamKey), ORIGIN);
      const pool = await services().userPools.create({ name: 'Signed pool', team: team.id }, actor);
      const events = await services().audit.list(CLI_ACTOR, {
        action: 'user_pool.create',
        targetId: pool.id,
      });
      assert.deepEqual(events.events[0]?.actor, { type: 'access_key', id: teamKey.accessKeyId, name: 'ci' });
      const theirs: UserPool = await services().userPools.create(
        { name: 'Theirs', team: other.id },
        CLI_ACTOR,
      );
      await assert.rejects(services().userPools.get(theirs.id, actor), ForbiddenError);
      assert.deepEqual(
        (await services().userPools.list(actor)).map((p) => p.id),
        [pool.id],
      );
      // A key never reaches what the wire does not serve: teams, people, clients, other keys.
      await assert.rejects(services().accessKeys.list(actor), ForbiddenError);
      await assert.rejects(
        services().teams.create({ slug: 'by-key', name: 'By key' }, actor),
        ForbiddenError,
      );
    });

    test('a missing, incomplete or foreign Authorization header is refused with AWS words', async () => {
      const good = request(teamKey);
      const without = (name: string) => {
        const raw: string[] = [];
        for (let i = 0; i < good.rawHeaders.length; i += 2)
          if (good.rawHeaders[i] !== name) raw.push(good.rawHeaders[i] ?? '', good.rawHeaders[i + 1] ?? '');
        return { ...good, rawHeaders: raw };
      };
      await refused(
        without('authorization'),
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
      await refused(without('x-amz-date'), 'IncompleteSignatureException', /X-Amz-Date/);
      await refused(
        {
          ...good,
          rawHeaders: [
            ...without('authorization').rawHeaders,
            'Authorization',
            'AWS4-HMAC-SHA256 Credential=x',
          ],
        },
        'IncompleteSignatureException',
        /requires 'Signature' parameter/,
      );
    });

    test('a wrong service, an unsigned Host or X-Amz-Date, and a scope of another day are refused', async () => {
      await refused(
        request(teamKey, { service: 'dynamodb' }),
        'InvalidSignatureException',
        /scoped to correct service: 'cognito-idp'/,
      );
      await refused(
        request(teamKey, { signed: ['content-type', 'x-amz-date', 'x-amz-target'] }),
        'InvalidSignatureException',
        /'Host' must be a 'SignedHeader'/,
      );
      await refused(
        request(teamKey, { signed: ['content-type', 'host', 'x-amz-target'] }),
        'InvalidSignatureException',
        /'X-Amz-Date' must be a 'SignedHeader'/,
      );
    });

    test('a wrong secret, a changed body or a changed signed header fails the signature', async () => {
      const mismatch = /^The request signature we calculated does not match the signature you provided\./;
      await refused(
        request({ ...teamKey, secretAccessKey: adminKey.secretAccessKey }),
        'InvalidSignatureException',
        mismatch,
      );
      const req = request(teamKey);
      await refused(
        { ...req, body: Buffer.from('{"MaxResults":60}') },
        'InvalidSignatureException',
        mismatch,
      );
      const target = req.rawHeaders.indexOf('x-amz-target');
      const raw = [...req.rawHeaders];
      raw[target + 1] = 'AWSCognitoIdentityProviderService.DeleteUserPool';
      await refused({ ...req, rawHeaders: raw }, 'InvalidSignatureException', mismatch);
      // A body hash header must be the hash of the body that came.
      const hashed = request(teamKey, { headers: { 'x-amz-content-sha256': '0'.repeat(64) } });
      await refused(hashed, 'InvalidSignatureException', /x-amz-content-sha256/);
      const bodyHash = createHash('sha256').update(BODY).digest('hex');
      const right = request(teamKey, { headers: { 'x-amz-content-sha256': bodyHash } });
      await services().accessKeys.verifyRequest(right, ORIGIN);
    });

    test('a signature more than five minutes from the server clock is refused either way', async () => {
      const at = gate.clock.now();
      await refused(
        request(teamKey, { at: at - 5 * 60_000 - 1000 }),
        'InvalidSignatureException',
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      );
      await refused(
        request(teamKey, { at: at + 5 * 60_000 + 1000 }),
        'InvalidSignatureException',
        /^Signature not yet current: /,
      );
      await services().accessKeys.verifyRequest(request(teamKey, { at: at - 4 * 60_000 }), ORIGIN);
    });

    test('a signature is accepted once, on every instance; the sweep forgets it only once it is stale', async () => {
      const req = request(teamKey, { headers: { 'amz-sdk-invocation-id': 'replayed-once' } });
      await services().accessKeys.verifyRequest(req, ORIGIN);
      await refused(req, 'InvalidSignatureException', /already been used/);
      const second = await openGatehouse(gate.backend.config(), { clock: gate.clock });
      try {
        await assert.rejects(second.accessKeys.verifyRequest(req, ORIGIN), SignatureRefused);
        await second.accessKeys.purgeSeenSignatures();
        await refused(req, 'InvalidSignatureException', /already been used/);
      } finally {
        await second.close();
      }
    });

    test('unknown, disabled and deleted keys are one answer: the token is invalid', async () => {
      const invalid = 'The security token included in the request is invalid.';
      await refused(
        request({ ...teamKey, accessKeyId: 'GHAKAAAAAAAAAAAAAAAA' }),
        'UnrecognizedClientException',
        invalid,
      );
      await refused(
        request({ ...teamKey, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }),
        'UnrecognizedClientException',
        invalid,
      );
      const key = ok(await owner.post<CreatedAccessKey>('/api/v1/access-keys', { team: team.id }), 201);
      await services().accessKeys.verifyRequest(request(key), ORIGIN);
      ok(await owner.patch(`/api/v1/access-keys/${key.accessKeyId}`, { enabled: false }));
      await refused(request(key), 'UnrecognizedClientException', invalid);
      ok(await owner.patch(`/api/v1/access-keys/${key.accessKeyId}`, { enabled: true }));
      await services().accessKeys.verifyRequest(request(key), ORIGIN);
      ok(await owner.del(`/api/v1/access-keys/${key.accessKeyId}`), 204);
      await refused(request(key), 'UnrecognizedClientException', invalid);
    });

    test("another instance's change reaches the warm cache through the change log", async () => {
      const key = ok(await owner.post<CreatedAccessKey>('/api/v1/access-keys', { team: team.id }), 201);
      await services().accessKeys.verifyRequest(request(key), ORIGIN);
      const second = await openGatehouse(gate.backend.config(), { clock: gate.clock });
      try {
        await second.accessKeys.update(key.accessKeyId, { enabled: false }, CLI_ACTOR);
      } finally {
        await second.close();
      }
      await gate.sync();
      await refused(request(key), 'UnrecognizedClientException');
    });

    test('last use is recorded for people to see', async () => {
      const shown = ok(await owner.get<CreatedAccessKey>(`/api/v1/access-keys/${teamKey.accessKeyId}`));
      assert.equal(shown.lastUsedAt, new Date(gate.clock.now()).toISOString());
    });
  },
);
