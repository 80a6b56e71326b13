import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addPermissionsSchema,
  createAccessRequestSchema,
  createClientSchema,
  createResourceServerSchema,
  createTeamSchema,
  createUserSchema,
  decisionSchema,
  formatIssues,
  loginSchema,
  patchClientSchema,
  setupSchema,
} from '../src/index.js';

/** Every control character but the ones a description may hold. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  '\u0085',
  '\u009f',
];

describe('control characters', () => {
  const singleLine: [string, { safeParse(v: unknown): { success: boolean } }, (v: string) => unknown][] = [
    ['resource server name', createResourceServerSchema, (v) => ({ identifier: 'x', name: `a${v}b` })],
    [
      'scope name',
      createResourceServerSchema,
      (v) => ({ identifier: 'x', name: 'X', scopes: [{ name: `a${v}` }] }),
    ],
    ['client name', createClientSchema, (v) => ({ name: `a${v}b` })],
    [
      'client jwksUri',
      createClientSchema,
      (v) => ({ name: 'c', authMethod: 'private_key_jwt', jwksUri: `https://k.example.com/${v}` }),
    ],
    ['grant scope', addPermissionsSchema, (v) => ({ scopes: [`api/read${v}`] })],
    ['patched client name', patchClientSchema, (v) => ({ name: `a${v}b` })],
    [
      'access request client id',
      createAccessRequestSchema,
      (v) => ({ clientId: `c${v}`, scope: 'api/read', reason: 'r' }),
    ],
    ['team slug', createTeamSchema, (v) => ({ slug: `ab${v}`, name: 'T' })],
    ['team name', createTeamSchema, (v) => ({ slug: 'ab', name: `T${v}x` })],
    ['user name', createUserSchema, (v) => ({ email: 'a@b.c', name: `N${v}x`, password: 'p'.repeat(12) })],
    [
      'new password',
      createUserSchema,
      (v) => ({ email: 'a@b.c', name: 'N', password: `${'p'.repeat(12)}${v}` }),
    ],
    ['login email', loginSchema, (v) => ({ email: `a${v}@b.c`, password: 'x' })],
    ['login password', loginSchema, (v) => ({ email: 'a@b.c', password: `x${v}` })],
    [
      'setup token',
      setupSchema,
      (v) => ({ token: `t${v}`, email: 'a@b.c', name: 'N', password: 'p'.repeat(12) }),
    ],
  ];
  for (const [field, schema, body] of singleLine) {
    it(`${field}: refuses every control character`, () => {
      for (const c of CONTROLS) {
        assert.equal(schema.safeParse(body(c)).success, false, `U+${c.charCodeAt(0).toString(16)}`);
      }
      assert.equal(schema.safeParse(body('')).success, true, 'and accepts the same without');
    });
  }

  const prose: [string, { safeParse(v: unknown): { success: boolean } }, (v: string) => unknown][] = [
    [
      'resource server description',
      createResourceServerSchema,
      (v) => ({ identifier: 'x', name: 'X', description: `a${v}b` }),
    ],
    [
      'scope description',
      createResourceServerSchema,
      (v) => ({ identifier: 'x', name: 'X', scopes: [{ name: 's', description: `a${v}b` }] }),
    ],
    ['client description', createClientSchema, (v) => ({ name: 'c', description: `a${v}b` })],
    ['team description', createTeamSchema, (v) => ({ slug: 'ab', name: 'T', description: `a${v}b` })],
    [
      'access request reason',
      createAccessRequestSchema,
      (v) => ({ clientId: 'c', scope: 'api/read', reason: `a${v}b` }),
    ],
    ['decision comment', decisionSchema, (v) => ({ comment: `a${v}b` })],
  ];
  for (const [field, schema, body] of prose) {
    it(`${field}: keeps line breaks and tabs, refuses other control characters and NUL`, () => {
      for (const c of CONTROLS) {
        const ok = c === '\n' || c === '\t';
        assert.equal(schema.safeParse(body(c)).success, ok, `U+${c.charCodeAt(0).toString(16)}`);
      }
    });
  }

  it('says what is wrong', () => {
    const result = createClientSchema.safeParse({ name: 'a\u0000b', description: 'x\ry' });
    assert.equal(result.success, false);
    if (!result.success) {
      assert.deepEqual(formatIssues(result.error), [
        'name: must not contain control characters',
        'description: must not contain control characters other than line breaks and tabs',
      ]);
    }
  });
});
