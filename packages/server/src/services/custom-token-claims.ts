import type { AccessTokenRequest } from './tokens.js';
import type { TokenHookCaller } from './token-hooks/hook-caller.js';

type Claims = Readonly<Record<string, unknown>>;

/**
 * The custom claims of one token, lowest first: the resource server's static claims, the
 * client's, then its hook's answer, then what the grant itself adds (request.claims). The
 * registered claims are set over all of these by the token's shape (tokens.ts,
 * cognito-token-claims.ts), so none of them can be overridden whatever a hook answers.
 * Throws HookUnavailableError when a fail-closed hook gave no answer.
 */
export async function customClaims(
  hooks: TokenHookCaller | undefined,
  request: AccessTokenRequest,
): Promise<Claims | undefined> {
  const { resource, client } = request;
  let hooked: Claims | null | undefined;
  const hook = resource.hook;
  if (hook !== null && hooks !== undefined) {
    const hookRequest = {
      client,
      resource,
      scopes: request.scopes,
      grantType: request.grantType ?? 'client_credentials',
    };
    const key = hooks.key(hookRequest);
    // A warm answer is read synchronously: the hook costs no promise once cached.
    hooked = hooks.cached(hook, key) ?? (await hooks.fetch(hook, key, hookRequest));
  }
  if ((hooked === null || hooked === undefined) && client.claims === null && request.claims === undefined) {
    return resource.claims ?? undefined;
  }
  return { ...resource.claims, ...client.claims, ...hooked, ...request.claims };
}
