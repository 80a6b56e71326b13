// The reference set-up: an integration written for API Gateway's Cognito authorizer reads
// `event.requestContext.authorizer.claims.sub`, `.email` and `['cognito:username']`. Here it runs
// unchanged behind each Gatehouse Lambda authorizer: real tokens from a real Gatehouse (a
// person signed in to a pool over Cognito's wire, and a machine), each authorizer's answer put
// into the integration's event exactly where API Gateway puts it, and `withCognitoClaims`
// putting the claims back where the handler looks.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  APIGatewayProxyCognitoAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWithCognitoAuthorizerEvent,
} from 'aws-lambda';
import { type AnyVerifiedClaims, createVerifier, type Verifier } from '../src/index.js';
import {
  type AuthorizerContext,
  type AuthorizerPolicyResult,
  createHttpApiIamAuthorizer,
  createHttpApiSimpleAuthorizer,
  createLambdaAuthorizer,
  createRestRequestAuthorizer,
  createRestTokenAuthorizer,
  withCognitoClaims,
} from '../src/lambda.js';
import type { TestGatehouse } from './support/gatehouse.js';
import {
  httpEvent,
  httpProxyEvent,
  requestEvent,
  restProxyEvent,
  tokenEvent,
} from './support/lambda-events.js';
import { type OrdersTokens, ordersTokens } from './support/orders-tokens.js';
import { type SignedIn, signInToPool } from './support/pool-sign-in.js';

interface UserInfo {
  sub?: string;
  email?: string;
  name?: string;
}

/** The reference set-up's user-info handler, as written for a REST API Cognito authorizer. */
async function userInfo(event: APIGatewayProxyWithCognitoAuthorizerEvent): Promise<APIGatewayProxyResult> {
  // API Gateway sends null when no authorizer ran, which the type leaves out.
  const authorizer = event.requestContext.authorizer as APIGatewayProxyCognitoAuthorizer | null;
  if (!authorizer) return { statusCode: 401, body: JSON.stringify({ error: 'No authorization context' }) };
  const { claims } = authorizer;
  if (!claims) return { statusCode: 401, body: JSON.stringify({ error: 'No claims found' }) };
  const info: UserInfo = { sub: claims.sub, email: claims.email, name: claims['cognito:username'] };
  return { statusCode: 200, body: JSON.stringify(info) };
}

/** The same, written for an HTTP API JWT authorizer: `jwt.claims` and `jwt.scopes`. */
async function jwtUserInfo(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { claims, scopes } = event.requestContext.authorizer.jwt;
  const info = {
    sub: claims.sub,
    email: claims.email,
    name: claims['cognito:username'],
    scopes,
  } as UserInfo & { scopes: string[] | null };
  return { statusCode: 200, body: JSON.stringify(info) };
}

const body = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as unknown;

describe('Lambda authorizers hand the claims on as a Cognito authorizer does', () => {
  let orders: OrdersTokens;
  let gate: TestGatehouse;
  let machines: Verifier;
  let person: SignedIn;
  let machineToken: string;
  let machineClient: string;
  const verifiers: Verifier<AnyVerifiedClaims>[] = [];
  const keep = <V extends Verifier<AnyVerifiedClaims>>(v: V): V => (verifiers.push(v), v);

  before(async () => {
    orders = await ordersTokens();
    ({ gate, verifier: machines, clientId: machineClient, both: machineToken } = orders);
    person = await signInToPool(gate);
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await orders.stop();
  });

  /** Every REST authorizer's answer, fed to the integration as a REST API feeds it. */
  async function throughRest(
    verifier: Verifier<AnyVerifiedClaims>,
    token: string,
  ): Promise<AuthorizerPolicyResult[]> {
    const bearer = `Bearer ${token}`;
    const answers = [
      await createRestTokenAuthorizer(verifier, { logger: false })(tokenEvent(bearer)),
      await createRestRequestAuthorizer(verifier, { logger: false })(requestEvent(bearer)),
      await createLambdaAuthorizer(verifier, { mode: 'rest', logger: false })(tokenEvent(bearer)),
    ];
    for (const answer of answers) assert.equal(answer.policyDocument.Statement[0]?.Effect, 'Allow');
    return answers;
  }

  /** Every HTTP API authorizer's context, simple or IAM responses. */
  async function throughHttpApi(
    verifier: Verifier<AnyVerifiedClaims>,
    token: string,
  ): Promise<AuthorizerContext[]> {
    const event = httpEvent(`Bearer ${token}`);
    const simple = await createHttpApiSimpleAuthorizer(verifier, { logger: false })(event);
    const iam = await createHttpApiIamAuthorizer(verifier, { logger: false })(event);
    const legacy = await createLambdaAuthorizer(verifier, { mode: 'http', logger: false })(event);
    assert.equal(simple.isAuthorized && legacy.isAuthorized, true);
    assert.equal(iam.policyDocument.Statement[0]?.Effect, 'Allow');
    return [simple.context, iam.context, legacy.context].map((c) => c ?? assert.fail('no context'));
  }

  test("a person's ID token: sub, email and cognito:username where the handler reads them", async () => {
    const verifier = keep(
      createVerifier({ issuer: person.poolIssuer, tokenUse: 'id', clientId: person.appClientId }),
    );
    const expected = { sub: person.sub, email: person.email, name: 'kim' };
    for (const answer of await throughRest(verifier, person.idToken)) {
      assert.equal(answer.principalId, person.sub);
      const event = restProxyEvent(answer);
      assert.deepEqual(event.requestContext.authorizer.principalId, person.sub, 'flat, beside principalId');
      const result = await withCognitoClaims(userInfo)(event);
      assert.deepEqual([result.statusCode, body(result)], [200, expected]);
    }
    for (const context of await throughHttpApi(verifier, person.idToken)) {
      const result = await withCognitoClaims(jwtUserInfo)(httpProxyEvent(context));
      // An ID token carries no scope: jwt.scopes is null, as behind a JWT authorizer.
      assert.deepEqual(body(result), { ...expected, scopes: null });
    }
  });

  test("a person's access token: sub, and the app it was issued to", async () => {
    const verifier = keep(
      createVerifier({
        issuer: person.poolIssuer,
        tokenUse: 'access',
        audience: null,
        clientId: [person.appClientId],
      }),
    );
    for (const answer of await throughRest(verifier, person.accessToken)) {
      const claims = await withCognitoClaims(
        async (event: APIGatewayProxyWithCognitoAuthorizerEvent) => event.requestContext.authorizer.claims,
      )(restProxyEvent(answer));
      assert.equal(claims.sub, person.sub);
      assert.equal(claims.username, 'kim');
      assert.equal(claims.client_id, person.appClientId);
      assert.equal(claims.token_use, 'access');
      // As a Cognito authorizer writes it: `exp` as a date, not seconds.
      assert.match(claims.exp ?? '', /^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    }
    for (const context of await throughHttpApi(verifier, person.accessToken)) {
      const result = await withCognitoClaims(jwtUserInfo)(httpProxyEvent(context));
      assert.deepEqual(body(result), { sub: person.sub, scopes: ['aws.cognito.signin.user.admin'] });
    }
  });

  test("a machine's token: claims.sub is the client, with client_id and scope, as behind Cognito", async () => {
    const verifier = machines;
    for (const answer of await throughRest(verifier, machineToken)) {
      assert.equal(answer.principalId, machineClient);
      const claims = await withCognitoClaims(
        async (event: APIGatewayProxyWithCognitoAuthorizerEvent) => event.requestContext.authorizer.claims,
      )(restProxyEvent(answer));
      assert.deepEqual(
        [claims.sub, claims.client_id, claims.scope, claims.email, claims.principalId],
        [machineClient, machineClient, 'list-orders place-order', undefined, undefined],
      );
      const result = await withCognitoClaims(userInfo)(restProxyEvent(answer));
      assert.deepEqual(body(result), { sub: machineClient });
    }
    for (const context of await throughHttpApi(verifier, machineToken)) {
      const result = await withCognitoClaims(jwtUserInfo)(httpProxyEvent(context));
      assert.deepEqual(body(result), { sub: machineClient, scopes: ['list-orders', 'place-order'] });
    }
  });

  test('an HTTP API with IAM responses that hands the context on flat works the same', async () => {
    const verifier = machines;
    const answer = await createHttpApiIamAuthorizer(verifier, { logger: false })(
      httpEvent(`Bearer ${machineToken}`),
    );
    const flat = httpProxyEvent(undefined);
    flat.requestContext.authorizer = { ...answer.context, principalId: answer.principalId } as never;
    const result = await withCognitoClaims(jwtUserInfo)(flat);
    assert.deepEqual(body(result), { sub: machineClient, scopes: ['list-orders', 'place-order'] });
  });

  test('no authorizer in front: the handler sees what it would see without one', async () => {
    const result = await withCognitoClaims(userInfo)(restProxyEvent(null));
    assert.deepEqual([result.statusCode, body(result)], [401, { error: 'No authorization context' }]);
  });
});
