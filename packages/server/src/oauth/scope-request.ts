import { isScopeToken } from '@gatehouse/jws';
import { truncate } from './form-request.js';
import type { ClientEntry, ResourceEntry } from '../services/cache-entries.js';
import type { Runtime } from '../services/runtime.js';
import { InvalidScope, InvalidTarget } from './errors.js';

export interface ScopeRequest {
  resource: ResourceEntry;
  scopes: readonly string[];
}

/**
 * Picks the one resource server a token is for, and the scopes on it, from `resource`
 * (RFC 8707) with short scope names, or from Cognito-style `<identifier>/<scope>` names,
 * or both when they agree. No scope means every scope the client holds on the resource.
 */
export function resolveScopeRequest(
  runtime: Runtime,
  client: ClientEntry,
  scopeParam: string | undefined,
  resourceParams: readonly string[],
): ScopeRequest {
  const identifier = resourceParams[0];
  // The same resource named twice is still one resource.
  if (resourceParams.some((r) => r !== identifier))
    throw new InvalidTarget('a token is for one resource; request one resource at a time');
  let target: ResourceEntry | undefined;
  if (identifier !== undefined) {
    target = runtime.resource(identifier);
    if (!target) throw new InvalidTarget('unknown resource', { resource: truncate(identifier) });
  }

  const requested = new Set<string>();
  const short: string[] = [];
  for (const token of scopeParam === undefined ? [] : scopeParam.split(' ')) {
    if (token === '') continue;
    if (!isScopeToken(token)) throw new InvalidScope('scope contains characters RFC 6749 does not allow');
    if (!token.includes('/')) {
      short.push(token);
      continue;
    }
    const resolved = runtime.resolveScope(token);
    if (!resolved) {
      throw new InvalidTarget('no resource server matches the requested scope', { scope: truncate(token) });
    }
    if (target && resolved.resource !== target) {
      throw new InvalidTarget('requested scopes span more than one resource; a token is for one resource');
    }
    target = resolved.resource;
    if (!target.scopes.has(resolved.scope)) {
      throw noSuchScope(target, resolved.scope);
    }
    requested.add(resolved.scope);
  }
  if (!target) {
    if (short.length > 0) {
      throw new InvalidScope(
        'a scope does not name its resource: use <identifier>/<scope> or add resource=<identifier>',
        { scope: truncate(short[0] ?? '') },
      );
    }
    throw new InvalidScope(
      'request a scope as <identifier>/<scope>, or name the resource with resource=<identifier>',
    );
  }
  for (const name of short) {
    if (!target.scopes.has(name)) {
      throw noSuchScope(target, name);
    }
    requested.add(name);
  }

  const granted = client.permissions.get(target.id) ?? [];
  if (requested.size === 0) {
    if (granted.length === 0) {
      throw new InvalidScope(`client is not allowed any scope on resource "${truncate(target.identifier)}"`);
    }
    return { resource: target, scopes: granted };
  }
  for (const name of requested) {
    if (!granted.includes(name)) {
      throw new InvalidScope(
        `client is not allowed scope "${truncate(name)}" on resource "${truncate(target.identifier)}"`,
      );
    }
  }
  return { resource: target, scopes: granted.filter((name) => requested.has(name)) };
}

/** The resource is registered, so naming it is safe; the scope is the caller's text, so it is only logged. */
function noSuchScope(target: ResourceEntry, scope: string): InvalidScope {
  return new InvalidScope(`resource "${truncate(target.identifier)}" has no such scope`, {
    scope: truncate(scope),
  });
}
