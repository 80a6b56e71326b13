import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createClientSchema,
  createResourceServerSchema,
  formatIssues,
  toIssues,
  qualifiedScopeSchema,
  resourceIdentifierSchema,
} from '../src/index.js';

describe('resource server identifiers', () => {
  for (const ok of [
    'lj-health-food',
    'https://orders.example.com',
    'https://api.example.com/v2',
    'urn:example:orders',
    'a',
    'orders.v2_internal',
    'https://[::1]:8443/api?v=2',
    'https://x.example.com/a%20b',
  ]) {
    it(`accepts ${ok}`, () => assert.equal(resourceIdentifierSchema.safeParse(ok).success, true));
  }
  for (const [bad, why] of [
    ['', 'is required'],
    ['https://orders.example.com/', 'must not end with "/"'],
    ['https://orders.example.com#x', 'fragment'],
    ['has space', 'absolute URI or a short name'],
    ['http//missing-colon/x', 'absolute URI or a short name'],
    ['-leading-dash', 'absolute URI or a short name'],
    // Characters a shell acts on, in both forms; RFC 3986 allows some of them, Gatehouse does not.
    ['https://x.example.com/$(touch${IFS}pwned)', 'may only contain'],
    ['https://x.example.com/a;id', 'may only contain'],
    ["https://x.example.com/a'b", 'may only contain'],
    ['https://x.example.com/a|id', 'may only contain'],
    ['https://x.example.com/`id`', 'may only contain'],
    ['https://x.example.com/a&b', 'may only contain'],
    ['https://x.example.com/a"b', 'may only contain'],
    ['https://x.example.com/a\\b', 'may only contain'],
    ['https://x.example.com/a%zz', 'may only contain'],
    ['urn:x:a b', 'spaces'],
    ['a;id', 'absolute URI or a short name'],
    ['$(id)', 'absolute URI or a short name'],
    ['Upper-Case', 'absolute URI or a short name'],
    ['tilde~', 'absolute URI or a short name'],
    // Gatehouse's own id shapes: lookups take an id or an identifier.
    ['rs_abcdefghijklmnop', 'must not start with "rs_"'],
    ['team_x', 'must not start with "team_"'],
    // Control characters, NUL first: PostgreSQL cannot store it.
    ['lj\u0000food', 'control characters'],
    ['https://x.example.com/\u0007', 'control characters'],
  ] as const) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      const result = resourceIdentifierSchema.safeParse(bad);
      assert.equal(result.success, false);
      if (!result.success)
        assert.match(formatIssues(result.error).join(' '), new RegExp(why.replace(/[()]/g, '\\$&')));
    });
  }
});

describe('createResourceServerSchema', () => {
  it('fills defaults', () => {
    const value = createResourceServerSchema.parse({ identifier: 'x', name: 'X' });
    assert.deepEqual(value, {
      identifier: 'x',
      name: 'X',
      description: '',
      scopes: [],
      tokenTtl: 3600,
      signingAlg: 'ES256',
      tokenProfile: 'rfc9068',
    });
  });
  it('takes the cognito token profile, and nothing else', () => {
    const value = createResourceServerSchema.parse({ identifier: 'x', name: 'X', tokenProfile: 'cognito' });
    assert.equal(value.tokenProfile, 'cognito');
    const bad = createResourceServerSchema.safeParse({ identifier: 'x', name: 'X', tokenProfile: 'aws' });
    assert.equal(bad.success, false);
  });
  it('names the duplicate scope and its path', () => {
    const result = createResourceServerSchema.safeParse({
      identifier: 'x',
      name: 'X',
      scopes: [{ name: 'read' }, { name: 'read' }],
    });
    assert.equal(result.success, false);
    if (!result.success) {
      assert.deepEqual(formatIssues(result.error), ['scopes.1.name: duplicate scope "read"']);
      // The same issue, structured, as services and the admin API carry it.
      assert.deepEqual(toIssues(result.error, 'body'), [
        { path: 'body.scopes.1.name', message: 'duplicate scope "read"', code: 'custom' },
      ]);
    }
  });
  it('bounds the token lifetime', () => {
    assert.equal(
      createResourceServerSchema.safeParse({ identifier: 'x', name: 'X', tokenTtl: 59 }).success,
      false,
    );
    assert.equal(
      createResourceServerSchema.safeParse({ identifier: 'x', name: 'X', tokenTtl: 86_401 }).success,
      false,
    );
    assert.equal(
      createResourceServerSchema.safeParse({ identifier: 'x', name: 'X', tokenTtl: 1.5 }).success,
      false,
    );
  });
  it('rejects unknown algorithms', () => {
    assert.equal(
      createResourceServerSchema.safeParse({ identifier: 'x', name: 'X', signingAlg: 'HS256' }).success,
      false,
    );
  });
});

describe('createClientSchema', () => {
  it('defaults to client_secret_basic', () => {
    assert.equal(createClientSchema.parse({ name: 'c' }).authMethod, 'client_secret_basic');
  });
  it('requires keys for private_key_jwt and refuses them otherwise', () => {
    assert.equal(createClientSchema.safeParse({ name: 'c', authMethod: 'private_key_jwt' }).success, false);
    assert.equal(
      createClientSchema.safeParse({ name: 'c', jwksUri: 'https://keys.example.com/jwks' }).success,
      false,
    );
    assert.equal(
      createClientSchema.safeParse({
        name: 'c',
        authMethod: 'private_key_jwt',
        jwksUri: 'https://k.example.com/jwks',
      }).success,
      true,
    );
  });
  it('checks the qualified scope shape', () => {
    assert.equal(qualifiedScopeSchema.safeParse('lj-health-food/place-order').success, true);
    assert.equal(qualifiedScopeSchema.safeParse('https://orders.example.com/read').success, true);
    assert.equal(qualifiedScopeSchema.safeParse('place-order').success, false);
    assert.equal(qualifiedScopeSchema.safeParse('api/').success, false);
  });
});
