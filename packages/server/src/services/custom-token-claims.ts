import type { AccessTokenRequest } from './tokens.js';
import type { TokenHookCaller } from './token-hooks/hook-caller.js';

type Claims = Readonly<Record<string, unknown>>;

/**
 * The hook's claims for this token: synchronously when its answer is cached (a warm hook costs
 * no promise), else a promise of the call. Null when the call failed and the hook fails open;
 * rejects with HookUnavailableError when it failed and fails closed.
 */
export function hookClaims(
  hooks: TokenHookCaller,
  request: AccessTokenRequest,
): Claims | Promise<Claims | null> {
  const hook = request.resource.hook;
  if (hook === null) return {};
  const hookRequest = {
    client: request.client,
    resource: request.resource,
    scopes: request.scopes,
    grantType: request.grantType ?? 'client_credentials',
  };
  const key = hooks.key(hookRequest);
  return hooks.cached(hook, key) ?? hooks.fetch(hook, key, hookRequest);
}

/**
 * The custom claims of one token, lowest first: the client's static claims, the resource
 * server's, then the hook's answer, then what the grant itself adds (request.claims). The API's
 * owners set the last two, so a client's team can add claims but never override what the API
 * says about its own tokens (a client's `tier: gold` under the API's `tier: standard`). The
 * registered claims are set over all of these by the token's shape (tokens.ts,
 * cognito-token-claims.ts), so none of them can be overridden whatever a hook answers.
 */
export function mergeClaims(request: AccessTokenRequest, hooked: Claims | null): Claims {
  return { ...request.client.claims, ...request.resource.claims, ...hooked, ...request.claims };
}
