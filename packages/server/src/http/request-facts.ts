import type { IncomingMessage } from 'node:http';

/**
 * What the handlers learned about a request that its access log line reports: the route
 * pattern it matched and the client that authenticated. Only ids and patterns: never a raw
 * path, a query string, a header value or a body.
 */
export interface RequestFacts {
  /** The pattern the request matched, e.g. `/api/v1/clients/:clientId`, never the path with ids. */
  route?: string;
  /** The client that authenticated on this request (token, introspection, revocation, admin API). */
  clientId?: string;
}

const facts = new WeakMap<IncomingMessage, RequestFacts>();

function factsFor(req: IncomingMessage): RequestFacts {
  let known = facts.get(req);
  if (known === undefined) {
    known = {};
    facts.set(req, known);
  }
  return known;
}

/** Records the route pattern matched; a handler that routes further notes the finer one after. */
export function noteRoute(req: IncomingMessage, pattern: string): void {
  factsFor(req).route = pattern;
}

/** Records the client id, once the client has authenticated: a claimed id is not a known one. */
export function noteClient(req: IncomingMessage, clientId: string): void {
  factsFor(req).clientId = clientId;
}

/** What was noted about `req`, empty when nothing was. */
export function factsOf(req: IncomingMessage): Readonly<RequestFacts> {
  return facts.get(req) ?? {};
}
