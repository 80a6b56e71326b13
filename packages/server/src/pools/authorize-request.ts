import { isScopeToken } from '@gatehouse/jws';
import { OAuthError } from '../oauth/errors.js';
import { authorizationErrorUrl } from './authorization-response.js';
import { AUTHORIZE_LIMITS as LIMITS, type RawParams, readSingle } from './authorize-params.js';
import { checkPkceRequest } from './authorize-pkce.js';
import { type PoolResourceLookup, chooseAccessTokenAudience } from './user-access-token-claims.js';

/** An app client as the authorization endpoint needs it; AppClientView fits. */
export interface AuthorizeClient {
  clientId: string;
  public: boolean;
  redirectUris: readonly string[];
  scopes: readonly string[];
  /** Only `code` clients sign people in; a client_credentials client gets machine tokens. */
  allowedOAuthFlows: readonly string[];
  settings: { requirePkce: boolean };
}

export interface AuthorizeContext {
  poolIssuer: string;
  /** The pool's app client with this id, or undefined; never a client of another pool. */
  findClient(clientId: string): AuthorizeClient | undefined | Promise<AuthorizeClient | undefined>;
  resources: PoolResourceLookup;
}

export const PROMPTS = ['none', 'login', 'consent', 'select_account'] as const;
export type Prompt = (typeof PROMPTS)[number];

/** A validated authorization request: everything the sign-in and the code need. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  responseType: 'code';
  responseMode: 'query';
  /** Granted scopes, de-duplicated, in request order (the client's own when none was asked for). */
  scopes: string[];
  /** `openid` was granted: the code's redemption returns an ID token. */
  openid: boolean;
  /** The access token's audience, chosen now so a bad mix of scopes fails before sign-in. */
  audience: string;
  resource?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  prompt: Prompt[];
  /** Seconds (OIDC Core §3.1.2.1). */
  maxAge?: number;
  loginHint?: string;
}

/** Shown on a page, never redirected: the redirect URI is not (yet) known to be the client's. */
export interface PageError {
  kind: 'page-error';
  status: 400;
  error: string;
  description: string;
}

/** Sent back to the client at its registered redirect URI (RFC 6749 §4.1.2.1). */
export interface RedirectError {
  kind: 'redirect-error';
  redirectUri: string;
  error: string;
  description: string;
  state: string | undefined;
  /** The full redirect, with `iss` (RFC 9207). */
  url: string;
}

export type AuthorizeOutcome = PageError | RedirectError | { kind: 'ok'; request: AuthorizationRequest };

const page = (error: string, description: string): PageError => ({
  kind: 'page-error',
  status: 400,
  error,
  description,
});

/**
 * Validates an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).
 * Until client_id and redirect_uri are both known good, every error is a page error: that is
 * what makes an open redirect impossible. redirect_uri is required even when the client has
 * one registered, as OIDC Core requires, and must equal a registered URI character for character.
 */
export async function validateAuthorizeRequest(
  params: RawParams | 'too-large',
  context: AuthorizeContext,
): Promise<AuthorizeOutcome> {
  if (params === 'too-large') return page('invalid_request', 'the authorization request is too large');
  const clientId = readSingle(params, 'client_id', LIMITS.clientId);
  if (!clientId.ok) return page('invalid_request', clientId.description);
  if (clientId.value === undefined) return page('invalid_request', 'parameter "client_id" is required');
  const client = await context.findClient(clientId.value);
  if (!client) return page('invalid_client', 'unknown client_id');

  const redirect = readSingle(params, 'redirect_uri', LIMITS.redirectUri);
  if (!redirect.ok) return page('invalid_request', redirect.description);
  if (redirect.value === undefined) return page('invalid_request', 'parameter "redirect_uri" is required');
  const redirectUri = redirect.value;
  // Exact string comparison: no case folding, no trailing-slash or query leniency.
  if (!client.redirectUris.includes(redirectUri) || !/^https?:\/\//.test(redirectUri)) {
    return page('invalid_request', 'redirect_uri is not registered for this client');
  }

  // From here on errors go back to the client, with its state when the state itself is sound.
  const stateRead = readSingle(params, 'state', LIMITS.state);
  const state = stateRead.ok ? stateRead.value : undefined;
  const fail = (error: string, description: string): RedirectError => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    state,
    url: authorizationErrorUrl(redirectUri, { error, description, state, iss: context.poolIssuer }),
  });
  if (!stateRead.ok) return fail('invalid_request', stateRead.description);
  if (!client.allowedOAuthFlows.includes('code')) {
    return fail('unauthorized_client', 'this app client may not sign people in: its OAuth flow is not code');
  }
  for (const [name, values] of params) {
    if (values.length > 1 && name !== 'resource') {
      return fail('invalid_request', 'a parameter is included more than once');
    }
  }
  if (params.has('request')) return fail('request_not_supported', 'request objects are not supported');
  if (params.has('request_uri')) return fail('request_uri_not_supported', 'request_uri is not supported');
  if (params.has('registration')) return fail('registration_not_supported', 'registration is not supported');

  const responseType = readSingle(params, 'response_type', 64);
  if (!responseType.ok) return fail('invalid_request', responseType.description);
  if (responseType.value === undefined)
    return fail('invalid_request', 'parameter "response_type" is required');
  if (responseType.value !== 'code') {
    return fail('unsupported_response_type', 'only response_type=code is supported');
  }
  const responseMode = readSingle(params, 'response_mode', 64);
  if (!responseMode.ok) return fail('invalid_request', responseMode.description);
  if (responseMode.value !== undefined && responseMode.value !== 'query') {
    return fail('invalid_request', 'only response_mode=query is supported');
  }

  const scopeRead = readSingle(params, 'scope', LIMITS.scope);
  if (!scopeRead.ok) return fail('invalid_scope', scopeRead.description);
  const scopes = scopeRead.value === undefined ? [...client.scopes] : [];
  for (const token of scopeRead.value?.split(' ') ?? []) {
    if (token === '') continue;
    if (!isScopeToken(token))
      return fail('invalid_scope', 'scope contains characters RFC 6749 does not allow');
    if (!client.scopes.includes(token))
      return fail('invalid_scope', 'a requested scope is not allowed for this client');
    if (!scopes.includes(token)) scopes.push(token);
  }
  if (scopes.length === 0) return fail('invalid_scope', 'no scope was requested');

  const resources = [...new Set(params.get('resource') ?? [])];
  if (resources.length > 1)
    return fail('invalid_target', 'a token is for one resource; request one resource at a time');
  const resource = resources[0];
  if (resource !== undefined && (resource.length > LIMITS.resource || !/^[\x21-\x7E]+$/.test(resource))) {
    return fail('invalid_target', 'parameter "resource" is not a valid resource identifier');
  }
  let audience: string;
  try {
    ({ audience } = chooseAccessTokenAudience({
      poolIssuer: context.poolIssuer,
      scopes,
      resource,
      lookup: context.resources,
    }));
  } catch (err) {
    if (err instanceof OAuthError) return fail(err.error, err.message);
    throw err;
  }

  const nonce = readSingle(params, 'nonce', LIMITS.nonce);
  if (!nonce.ok) return fail('invalid_request', nonce.description);
  const loginHint = readSingle(params, 'login_hint', LIMITS.loginHint);
  if (!loginHint.ok) return fail('invalid_request', loginHint.description);

  const prompt = readSingle(params, 'prompt', 128);
  if (!prompt.ok) return fail('invalid_request', prompt.description);
  const prompts: Prompt[] = [];
  for (const value of prompt.value?.split(' ') ?? []) {
    if (value === '') continue;
    if (!(PROMPTS as readonly string[]).includes(value))
      return fail('invalid_request', 'unsupported prompt value');
    if (!prompts.includes(value as Prompt)) prompts.push(value as Prompt);
  }
  // OIDC Core §3.1.2.1: none with any other value is an error.
  if (prompts.includes('none') && prompts.length > 1) {
    return fail('invalid_request', 'prompt=none cannot be combined with other prompt values');
  }

  const maxAgeRead = readSingle(params, 'max_age', 16);
  if (!maxAgeRead.ok) return fail('invalid_request', maxAgeRead.description);
  if (maxAgeRead.value !== undefined && !/^\d{1,10}$/.test(maxAgeRead.value)) {
    return fail('invalid_request', 'max_age must be a non-negative whole number of seconds');
  }

  const pkce = checkPkceRequest(params, client);
  if (!pkce.ok) return fail('invalid_request', pkce.description);

  const request: AuthorizationRequest = {
    clientId: client.clientId,
    redirectUri,
    responseType: 'code',
    responseMode: 'query',
    scopes,
    openid: scopes.includes('openid'),
    audience,
    prompt: prompts,
  };
  if (resource !== undefined) request.resource = resource;
  if (state !== undefined) request.state = state;
  if (nonce.value !== undefined) request.nonce = nonce.value;
  if (pkce.challenge !== undefined) {
    request.codeChallenge = pkce.challenge;
    request.codeChallengeMethod = 'S256';
  }
  if (maxAgeRead.value !== undefined) request.maxAge = Number(maxAgeRead.value);
  if (loginHint.value !== undefined) request.loginHint = loginHint.value;
  return { kind: 'ok', request };
}
