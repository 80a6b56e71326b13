import type { IncomingMessage } from 'node:http';
import { BUILT_IN_RESOURCE_SERVER } from '@gatehouse/schemas';
import { readAccessToken } from '../oauth/access-token.js';
import type { Actor, TeamRole } from '../services/actor.js';
import type { RequestOrigin } from '../services/sessions.js';
import { unauthenticated } from './api-error.js';
import type { AdminServer } from './context.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import type { Auth } from './route.js';

export interface Caller {
  actor: Actor;
  auth: Auth;
}

export function requestOrigin(req: IncomingMessage): RequestOrigin {
  const ua = req.headers['user-agent'];
  return {
    ip: req.socket.remoteAddress ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
  };
}

/**
 * A person's session cookie, or a Gatehouse access token for `gatehouse-admin`: automation
 * uses the same tokens the platform issues to everyone else. Undefined when neither is there.
 */
export async function authenticate(req: IncomingMessage, server: AdminServer): Promise<Caller | undefined> {
  const origin = requestOrigin(req);
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated();
    return bearerCaller(match[1], server, origin);
  }
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return undefined;
  const signedIn = await server.gatehouse.sessions.resolve(token, origin);
  if (!signedIn) return undefined;
  return { actor: signedIn.actor, auth: { kind: 'session', token, csrfToken: signedIn.csrfToken } };
}

/**
 * A bearer token is checked against the client as it stands now, from the cache the change
 * log keeps fresh on every instance: a disabled client, or a permission removed since the token
 * was issued, stops working here within a poll, not when the token expires.
 */
async function bearerCaller(token: string, server: AdminServer, origin: RequestOrigin): Promise<Caller> {
  const { runtime } = server;
  const claims = readAccessToken(runtime, server.issuer, token, server.clock.now());
  if (!claims || claims.aud !== BUILT_IN_RESOURCE_SERVER || runtime.isRevoked(claims.jti)) {
    throw unauthenticated();
  }
  const client = await runtime.client(claims.client_id);
  if (!client?.enabled) throw unauthenticated();
  const held = client.permissions.get(runtime.resource(BUILT_IN_RESOURCE_SERVER)?.id ?? '') ?? [];
  const scopes = new Set(claims.scope.split(' ').filter((scope) => held.includes(scope)));
  return {
    // A team's client acts as a member of that team; one no team owns, in every team. Either
    // way only within its scopes, and never as a platform admin.
    actor: {
      type: 'client',
      id: client.clientId,
      name: client.name,
      isAdmin: false,
      teams: new Map<string, TeamRole>(client.teamId === null ? [] : [[client.teamId, 'member']]),
      everyTeam: client.teamId === null,
      scopes,
      holds: client.permissions,
      ip: origin.ip,
      userAgent: origin.userAgent,
    },
    auth: { kind: 'bearer', clientId: client.clientId },
  };
}
