import type {
  HttpApiAuthorizerEvent,
  RestRequestAuthorizerEvent,
  RestTokenAuthorizerEvent,
} from './lambda-events.js';

/**
 * The event kinds a factory is made for (`REST`: TOKEN or REQUEST, `createLambdaAuthorizer`'s
 * rest mode), and `HTTP_V1`: an HTTP API's REQUEST event with payload format 1.0, which the
 * REST REQUEST factory answers (its shape and answer are a REST API's).
 */
type AuthorizerEventKind = 'TOKEN' | 'REQUEST' | 'REST' | 'HTTP_V1' | 'HTTP_V2';

/**
 * An authorizer got an event of another kind than it was made for: the API Gateway authorizer
 * and the handler factory do not match (a REST handler behind an HTTP API with payload format
 * 2.0, a TOKEN handler behind a REQUEST authorizer, a handler wired as an integration, …).
 * Thrown, so API Gateway answers 500 and lets nothing through: a REST handler never answers a
 * v2 event with a policy that has no method ARN. The message names both kinds and the fix.
 *
 * @example
 * ```ts
 * import { AuthorizerEventError } from '@gatehouse/verify/lambda';
 *
 * const onError = (error: Error) => {
 *   if (error instanceof AuthorizerEventError) console.error('wiring:', error.received, error.expected);
 * };
 * ```
 */
export class AuthorizerEventError extends Error {
  override name = 'AuthorizerEventError';
  /** What the handler was made for, e.g. `a REST API TOKEN authorizer event`. */
  readonly expected: string;
  /** What it got, e.g. `an HTTP API authorizer event (payload format 2.0)`. */
  readonly received: string;

  constructor(message: string, expected: string, received: string) {
    super(message);
    this.expected = expected;
    this.received = received;
  }
}

const EXPECTED: Record<AuthorizerEventKind, string> = {
  TOKEN: 'a REST API TOKEN authorizer event',
  REQUEST: 'a REST API REQUEST authorizer event',
  REST: 'a REST API TOKEN or REQUEST authorizer event',
  HTTP_V1: 'an HTTP API authorizer event with payload format 1.0',
  HTTP_V2: 'an HTTP API authorizer event (payload format 2.0)',
};

/** What to change, by what the handler is for and what it got. */
const FIX: Partial<Record<AuthorizerEventKind, Partial<Record<AuthorizerEventKind, string>>>> = {
  TOKEN: {
    REQUEST: "set the authorizer's type to TOKEN, or use createRestRequestAuthorizer",
    HTTP_V1: 'use createRestRequestAuthorizer, which answers HTTP API payload format 1.0',
    HTTP_V2: 'use createHttpApiSimpleAuthorizer or createHttpApiIamAuthorizer behind an HTTP API',
  },
  REQUEST: {
    TOKEN: "set the authorizer's type to REQUEST, or use createRestTokenAuthorizer",
    HTTP_V2:
      "it has no methodArn to write a policy for: use createHttpApiSimpleAuthorizer or createHttpApiIamAuthorizer, or set the HTTP API authorizer's payload format version to 1.0",
  },
  REST: {
    HTTP_V2:
      "it has no methodArn to write a policy for: use mode 'http' (or createHttpApiSimpleAuthorizer, createHttpApiIamAuthorizer), or set the HTTP API authorizer's payload format version to 1.0",
  },
  HTTP_V2: {
    TOKEN: 'use createRestTokenAuthorizer behind a REST API TOKEN authorizer',
    REQUEST: 'use createRestRequestAuthorizer behind a REST API REQUEST authorizer',
    HTTP_V1:
      "set the HTTP API authorizer's payload format version to 2.0, or use createRestRequestAuthorizer (it answers 1.0)",
  },
};

/** An execute-api ARN with at least `<api id>/<stage>` after the account: what a policy may name. */
const EXECUTE_API_ARN = /^arn:[a-z-]+:execute-api:[^:\s]*:[^:\s]*:[^/\s]+\/\S+$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The kind an event is, or a description of what it is instead. */
function kindOf(event: unknown): AuthorizerEventKind | string {
  if (!isRecord(event)) return event === null ? 'null' : `a ${Array.isArray(event) ? 'list' : typeof event}`;
  if (event.version === '2.0' || ('routeArn' in event && !('methodArn' in event))) return 'HTTP_V2';
  if (event.type === 'TOKEN') return 'TOKEN';
  if (event.type === 'REQUEST') return event.version === '1.0' ? 'HTTP_V1' : 'REQUEST';
  if ('requestContext' in event && ('httpMethod' in event || 'rawPath' in event)) {
    return 'a proxy integration event (the function is wired as an integration, not as an authorizer)';
  }
  return 'an event of no API Gateway authorizer shape';
}

function mismatch(name: string, want: AuthorizerEventKind, got: AuthorizerEventKind | string): never {
  const known = Object.hasOwn(EXPECTED, got) ? (got as AuthorizerEventKind) : undefined;
  const received = known === undefined ? got : EXPECTED[known];
  const fix =
    (known === undefined ? undefined : FIX[want]?.[known]) ?? 'check which function the authorizer invokes';
  throw new AuthorizerEventError(
    `${name} is for ${EXPECTED[want]} but got ${received}: ${fix}`,
    EXPECTED[want],
    received,
  );
}

function malformed(name: string, want: AuthorizerEventKind, what: string): never {
  throw new AuthorizerEventError(
    `${name} got ${EXPECTED[want]} whose ${what}`,
    EXPECTED[want],
    `${EXPECTED[want]} with ${what}`,
  );
}

function checkArn(name: string, want: AuthorizerEventKind, field: string, value: unknown): void {
  if (typeof value !== 'string') {
    malformed(name, want, `${field} is ${value === undefined ? 'missing' : 'not a string'}`);
  }
  if (!EXECUTE_API_ARN.test(value)) malformed(name, want, `${field} is not an execute-api ARN`);
}

function checkMap(name: string, want: AuthorizerEventKind, field: string, value: unknown): void {
  if (value !== undefined && value !== null && !isRecord(value)) {
    malformed(name, want, `${field} is not an object`);
  }
}

/**
 * The event, once it is known to be of the kind `name` was made for, with what a policy and the
 * token lookup need in place. Anything else throws `AuthorizerEventError`.
 */
export function acceptTokenEvent(name: string, event: unknown): RestTokenAuthorizerEvent {
  const kind = kindOf(event);
  if (kind !== 'TOKEN') mismatch(name, 'TOKEN', kind);
  const e = event as Record<string, unknown>;
  checkArn(name, 'TOKEN', 'methodArn', e.methodArn);
  if (typeof e.authorizationToken !== 'string')
    malformed(name, 'TOKEN', 'authorizationToken is not a string');
  return event as RestTokenAuthorizerEvent;
}

export function acceptRequestEvent(name: string, event: unknown): RestRequestAuthorizerEvent {
  const kind = kindOf(event);
  if (kind !== 'REQUEST' && kind !== 'HTTP_V1') mismatch(name, 'REQUEST', kind);
  const e = event as Record<string, unknown>;
  checkArn(name, 'REQUEST', 'methodArn', e.methodArn);
  checkMap(name, 'REQUEST', 'headers', e.headers);
  return event as RestRequestAuthorizerEvent;
}

export function acceptRestEvent(
  name: string,
  event: unknown,
): RestTokenAuthorizerEvent | RestRequestAuthorizerEvent {
  const kind = kindOf(event);
  if (kind === 'TOKEN') return acceptTokenEvent(name, event);
  if (kind === 'REQUEST' || kind === 'HTTP_V1') return acceptRequestEvent(name, event);
  return mismatch(name, 'REST', kind);
}

export function acceptHttpApiEvent(name: string, event: unknown): HttpApiAuthorizerEvent {
  const kind = kindOf(event);
  if (kind !== 'HTTP_V2') mismatch(name, 'HTTP_V2', kind);
  const e = event as Record<string, unknown>;
  if (e.type !== 'REQUEST') malformed(name, 'HTTP_V2', 'type is not REQUEST');
  checkArn(name, 'HTTP_V2', 'routeArn', e.routeArn);
  checkMap(name, 'HTTP_V2', 'headers', e.headers);
  const sources = e.identitySource;
  if (sources !== undefined && sources !== null && !Array.isArray(sources)) {
    malformed(name, 'HTTP_V2', 'identitySource is not a list');
  }
  return event as HttpApiAuthorizerEvent;
}

/** Method and path from an execute-api ARN: `…:<api id>/<stage>/<METHOD>/<path…>`. */
export function arnRequest(arn: string): { method?: string; path?: string } {
  const resource = arn.split(':').slice(5).join(':').split('/');
  const method = resource[2];
  if (method === undefined || method === '') return {};
  return { method, path: `/${resource.slice(3).join('/')}` };
}
