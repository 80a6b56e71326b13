import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body.js';
import { requestIdOf } from '../http/request-id.js';
import type { Handler } from '../http/router.js';
import type { Logger } from '../log.js';
import type { PoolProtocol } from '../pools/pool-protocol-deps.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import { selfServiceActor } from '../services/pools/self-service-actor.js';
import { type CognitoError, internalError, serialization, unknownOperation } from './errors.js';
import { parseInput } from './input.js';
import type { CognitoContext, CognitoOperation, CognitoOrigin } from './operation.js';
import { cognitoErrorOf } from './service-errors.js';
import { verifySignedRequest } from './signed-request.js';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/**
 * Cognito's requests are small; the largest (fifty attributes of 2048 characters) fits well
 * within this.
 */
export const COGNITO_BODY_LIMIT = 128 * 1024;
const CONTENT_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);
const AMZ_JSON = 'application/x-amz-json-1.1';

/**
 * Browsers call Cognito across origins (amazon-cognito-identity-js in a single-page app). The
 * endpoint takes no cookies, only what each request carries, so any origin may.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-request-id',
} as const;
const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, amz-sdk-invocation-id, amz-sdk-request, cache-control',
  'access-control-max-age': '600',
} as const;

export interface WireDeps {
  gatehouse: OpenGatehouse;
  pools: PoolProtocol;
  logger: Logger;
  operations: ReadonlyMap<string, CognitoOperation>;
}

function send(
  res: ServerResponse,
  status: number,
  body: object,
  requestId: string,
  extra: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': AMZ_JSON,
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': requestId,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...CORS,
    ...extra,
  });
  res.end(json);
}

function originOf(req: IncomingMessage): CognitoOrigin {
  const ua = req.headers['user-agent'];
  return {
    ip: req.socket.remoteAddress ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
  };
}

function operationOf(req: IncomingMessage, operations: WireDeps['operations']): CognitoOperation {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) throw unknownOperation();
  const operation = operations.get(target.slice(TARGET_PREFIX.length));
  if (!operation) throw unknownOperation();
  return operation;
}

function requireJsonContent(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CONTENT_TYPES.has(type)) throw unknownOperation();
}

/** The body as a JSON object; an empty body is `{}`, as the AWS CLI's own empty input is. */
function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serialization('Start of structure or map expected.');
  }
  return value as Record<string, unknown>;
}

/**
 * Cognito's user-pool API on `POST /`: the operation named by `X-Amz-Target`, its input as
 * `application/x-amz-json-1.1`, its answer or Cognito's error shape. Every refusal is a 4xx with
 * `__type`; only a failure of Gatehouse itself is a 5xx, logged, with no details in the answer.
 */
export function cognitoWire(deps: WireDeps): { post: Handler; preflight: Handler } {
  const post: Handler = async (req, res) => {
    // One id per request: the X-Request-Id the server gave it is also Cognito's request id.
    const requestId = requestIdOf(req) ?? randomUUID();
    let name: string | undefined;
    try {
      const body = await readBody(req, COGNITO_BODY_LIMIT);
      const operation = operationOf(req, deps.operations);
      name = operation.name;
      requireJsonContent(req);
      const json = parseBody(body);
      const origin = originOf(req);
      let ctx: CognitoContext;
      if (operation.signed) {
        const caller = await verifySignedRequest(deps.gatehouse, req, body);
        ctx = { gatehouse: deps.gatehouse, pools: deps.pools, origin, ...caller };
      } else {
        // Public operations ignore any signature: the SDKs sign whatever they send when they have credentials.
        const actor = selfServiceActor(origin);
        ctx = { gatehouse: deps.gatehouse, pools: deps.pools, origin, actor, principal: null };
      }
      const input = parseInput(operation.input, json);
      send(res, 200, await operation.handle(input, ctx), requestId);
    } catch (error) {
      answerError(error, req, res, requestId, name, deps.logger);
    }
  };
  const preflight: Handler = (_req, res) => {
    res.writeHead(204, { 'content-length': 0, ...PREFLIGHT });
    res.end();
  };
  return { post, preflight };
}

function answerError(
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  operation: string | undefined,
  logger: Logger,
): void {
  let known: CognitoError | undefined = cognitoErrorOf(error);
  if (!known) {
    if (req.destroyed && !req.complete) {
      res.destroy();
      return;
    }
    logger.error('Cognito operation failed', { operation, requestId, error });
    known = internalError('Internal server error.');
  } else if (known.status >= 500) {
    logger.warn('Cognito operation could not complete', { operation, requestId, type: known.type });
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A body we refused to read may still be arriving; close rather than drain it.
  const close: Record<string, string> = req.complete ? {} : { connection: 'close' };
  send(res, known.status, known.toJSON(), requestId, { 'x-amzn-errortype': known.type, ...close });
  if (!req.complete) req.resume();
}
