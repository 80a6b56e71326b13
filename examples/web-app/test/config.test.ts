import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_SCOPE, loadConfig } from '../src/config.js';

const GOOD = {
  ISSUER: 'https://auth.example.com/pools/local_AbC123xyz',
  CLIENT_ID: 'abc',
  CLIENT_SECRET: 'secret',
  BASE_URL: 'https://app.example.com/',
  API_URL: 'http://127.0.0.1:8080',
};

test('a complete environment is read, with defaults', () => {
  const config = loadConfig(GOOD);
  assert.equal(config.baseUrl, 'https://app.example.com');
  assert.equal(config.scope, DEFAULT_SCOPE);
  assert.equal(config.logoutStyle, 'oidc');
  assert.equal(config.logoutDomain, GOOD.ISSUER);
});

test('every problem is named at once', () => {
  assert.throws(
    () => loadConfig({ ISSUER: 'http://auth.example.com', BASE_URL: 'app', LOGOUT_STYLE: 'saml' }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      for (const part of [
        'ISSUER must use https',
        'CLIENT_ID is required',
        'CLIENT_SECRET is required',
        'BASE_URL must be an absolute URL',
        'API_URL is required',
        'LOGOUT_STYLE must be oidc or cognito',
      ]) {
        assert.ok(error.message.includes(part), `${part} in ${error.message}`);
      }
      return true;
    },
  );
});

test('the Cognito-style logout and a scope without openid', () => {
  assert.equal(loadConfig({ ...GOOD, LOGOUT_STYLE: 'cognito' }).logoutStyle, 'cognito');
  assert.throws(() => loadConfig({ ...GOOD, SCOPE: 'email' }), /SCOPE must include openid/);
});
