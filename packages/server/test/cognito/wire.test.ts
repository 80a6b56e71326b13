import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate, target } from './support/gate.js';

const AMZ_JSON = 'application/x-amz-json-1.1';

eachBackend(
  'Cognito wire',
  (name) => new CognitoGate(name),
  (gate) => {
    const refusal = async (
      response: Awaited<ReturnType<CognitoGate['post']>>,
      status: number,
      type: string,
    ): Promise<string> => {
      assert.equal(response.status, status, response.text);
      assert.equal(response.headers.get('content-type'), AMZ_JSON);
      assert.equal(response.headers.get('x-amzn-errortype'), type);
      assert.ok(response.headers.get('x-amzn-requestid'));
      assert.equal(response.json?.__type, type);
      assert.equal(typeof response.json?.message, 'string');
      return response.json?.message as string;
    };

    test('an unknown or missing X-Amz-Target is UnknownOperationException', async () => {
      await refusal(await gate.post('{}', target('MakeCoffee')), 400, 'UnknownOperationException');
      await refusal(await gate.post('{}'), 400, 'UnknownOperationException');
      await refusal(
        await gate.post('{}', { 'x-amz-target': 'DynamoDB_20120810.SignUp' }),
        400,
        'UnknownOperationException',
      );
    });

    test('a body that is not JSON, or not an object, is SerializationException', async () => {
      await refusal(await gate.post('{"ClientId":', target('SignUp')), 400, 'SerializationException');
      await refusal(await gate.post('[1,2]', target('SignUp')), 400, 'SerializationException');
      await refusal(await gate.post('"x"', target('SignUp')), 400, 'SerializationException');
    });

    test('a member of the wrong type is SerializationException', async () => {
      const body = JSON.stringify({ ClientId: 12, Username: 'a', Password: 'b' });
      await refusal(await gate.post(body, target('SignUp')), 400, 'SerializationException');
      const list = JSON.stringify({
        ClientId: gate.spa.clientId,
        Username: 'a',
        Password: 'b',
        UserAttributes: {},
      });
      await refusal(await gate.post(list, target('SignUp')), 400, 'SerializationException');
    });

    test('out-of-range members are InvalidParameterException', async () => {
      const body = JSON.stringify({ ClientId: gate.spa.clientId, Username: 'x'.repeat(200), Password: 'b' });
      const message = await refusal(
        await gate.post(body, target('SignUp')),
        400,
        'InvalidParameterException',
      );
      assert.match(
        message,
        /^1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128$/,
      );
      const empty = await refusal(await gate.post('', target('SignUp')), 400, 'InvalidParameterException');
      assert.match(empty, /^3 validation errors detected: /);
    });

    test('another content type is refused', async () => {
      const response = await gate.post('{}', { ...target('SignUp'), 'content-type': 'application/json' });
      await refusal(response, 400, 'UnknownOperationException');
    });

    test('an oversized body is refused with a 413 in Cognito error shape', async () => {
      const big = JSON.stringify({
        ClientId: gate.spa.clientId,
        Username: 'a',
        Password: 'x'.repeat(200_000),
      });
      await refusal(await gate.post(big, target('SignUp')), 413, 'RequestEntityTooLargeException');
    });

    test('JSON 1.0 is accepted too', async () => {
      const body = JSON.stringify({ ClientId: 'nosuchclient1', Username: 'a', Password: 'b' });
      const response = await gate.post(body, {
        ...target('SignUp'),
        'content-type': 'application/x-amz-json-1.0',
      });
      await refusal(response, 400, 'ResourceNotFoundException');
    });

    test('browsers may call it across origins', async () => {
      const response = await fetch(`${gate.server.url}/`, { method: 'OPTIONS' });
      assert.equal(response.status, 204);
      await response.text();
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /x-amz-target/);
      const answer = await gate.post('{}', target('MakeCoffee'));
      assert.equal(answer.headers.get('access-control-allow-origin'), '*');
    });

    test('GET / is still the portal', async () => {
      const response = await fetch(`${gate.server.url}/`);
      assert.ok(response.status === 200 || response.status === 503, String(response.status));
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      // Read to the end: an unread answer holds the connection open past the server's close.
      assert.match(await response.text(), /<html/i);
    });
  },
);
