import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreatedAccessKey } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { eachBackend } from '../support/each-backend.js';
import { signedHeaders, type SignOptions } from '../access-keys/signer.js';
import { CognitoGate, target } from './support/gate.js';

const BODY = JSON.stringify({ MaxResults: 10 });

eachBackend(
  'Cognito signed operations refuse bad, missing, stale and replayed signatures',
  (name) => new CognitoGate(name),
  (gate) => {
    let key: CreatedAccessKey;
    let calls = 0;

    const sdk = (credentials: { accessKeyId: string; secretAccessKey: string }, offsetMs = 0) =>
      new CognitoIdentityProviderClient({
        endpoint: gate.server.url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
        systemClockOffset: offsetMs,
      });

    /** A raw `ListUserPools` signed by the test's own signer, as a client other than the SDK would. */
    const signed = (change: Partial<SignOptions> = {}) =>
      signedHeaders({
        accessKeyId: key.accessKeyId,
        secret: key.secretAccessKey,
        url: gate.server.url,
        body: BODY,
        at: Date.now(),
        headers: { 'amz-sdk-invocation-id': `call-${++calls}` },
        ...change,
      });

    async function refusedOnWire(headers: Record<string, string>, type: string, message?: RegExp) {
      const answer = await gate.post(BODY, { ...headers, ...target('ListUserPools') });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.headers.get('x-amzn-errortype'), type);
      assert.equal(answer.json?.__type, type);
      if (message) assert.match(String(answer.json?.message), message);
    }

    async function refusedToSdk(client: CognitoIdentityProviderClient, type: string, message?: RegExp) {
      await assert.rejects(client.send(new ListUserPoolsCommand({ MaxResults: 10 })), (error: unknown) => {
        const e = error as { name: string; message: string; $metadata: { httpStatusCode?: number } };
        assert.equal(e.name, type, e.message);
        assert.equal(e.$metadata.httpStatusCode, 400);
        if (message) assert.match(e.message, message);
        return true;
      });
      client.destroy();
    }

    before(async () => {
      gate.clock.set(Date.now());
      await gate.server.gatehouse.teams.create({ slug: 'sig', name: 'Sig' }, CLI_ACTOR);
      key = await gate.server.gatehouse.accessKeys.create({ team: 'sig' }, CLI_ACTOR);
      gate.secrets.push(key.secretAccessKey);
    });

    test('a good signature passes, from the SDK and from another signer, in any region', async () => {
      const client = sdk(key);
      const out = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      assert.deepEqual(out.UserPools, []);
      client.destroy();
      const answer = await gate.post(BODY, { ...signed({ region: 'local' }), ...target('ListUserPools') });
      assert.equal(answer.status, 200, answer.text);
    });

    test('no signature at all is MissingAuthenticationTokenException', async () => {
      await refusedOnWire({}, 'MissingAuthenticationTokenException', /^Missing Authentication Token$/);
    });

    test('a wrong secret is InvalidSignatureException; an unknown key UnrecognizedClientException', async () => {
      await refusedToSdk(
        sdk({ accessKeyId: key.accessKeyId, secretAccessKey: 'x'.repeat(40) }),
        'InvalidSignatureException',
        /^The request signature we calculated does not match the signature you provided/,
      );
      await refusedToSdk(
        sdk({ accessKeyId: 'GHAKAAAAAAAAAAAAAAAA', secretAccessKey: key.secretAccessKey }),
        'UnrecognizedClientException',
        /^The security token included in the request is invalid\.$/,
      );
    });

    test('a stale signature is InvalidSignatureException "Signature expired"', async () => {
      await refusedToSdk(
        sdk(key, -10 * 60_000),
        'InvalidSignatureException',
        /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
      );
      await refusedOnWire(
        signed({ at: Date.now() + 10 * 60_000 }),
        'InvalidSignatureException',
        /^Signature not yet current/,
      );
    });

    test('a replayed signature is refused the second time', async () => {
      const headers = signed();
      const first = await gate.post(BODY, { ...headers, ...target('ListUserPools') });
      assert.equal(first.status, 200, first.text);
      await refusedOnWire(headers, 'InvalidSignatureException', /already been used/);
    });

    test('a signature for another service, or a body changed after signing, is refused', async () => {
      await refusedOnWire(
        signed({ service: 'dynamodb' }),
        'InvalidSignatureException',
        /correct service: 'cognito-idp'/,
      );
      const headers = signed();
      const answer = await gate.post(JSON.stringify({ MaxResults: 60 }), {
        ...headers,
        ...target('ListUserPools'),
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.json?.__type, 'InvalidSignatureException');
      await refusedOnWire(
        { ...signed(), authorization: 'AWS4-HMAC-SHA256 Credential=only' },
        'IncompleteSignatureException',
      );
    });

    test('a disabled key is refused at once', async () => {
      await gate.server.gatehouse.accessKeys.update(key.accessKeyId, { enabled: false }, CLI_ACTOR);
      await refusedToSdk(sdk(key), 'UnrecognizedClientException');
      await gate.server.gatehouse.accessKeys.update(key.accessKeyId, { enabled: true }, CLI_ACTOR);
    });
  },
);
