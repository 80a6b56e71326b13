import { VerifyError } from '@gatehouse/verify';
import type { GatewayLogger } from './log.js';

/**
 * One refused request, as logged: the same fields as @gatehouse/verify's refusal line (so one
 * log query finds refusals from the gateway and from the SDK's adapters alike), plus the route.
 * Never the token, a header value or the query string.
 */
export interface GatewayRefusalLine {
  event: 'token_refused' | 'verifier_unavailable';
  code: string;
  status: number;
  failedAssertion?: { claim: string; actual: unknown; expected: unknown };
  clientId?: string;
  cause?: string;
  method?: string;
  path: string;
  adapter: 'gateway';
  route: string;
}

/** Longer strings in a failed assertion are cut: a claim value is the sender's to choose. */
const MAX_VALUE_LENGTH = 200;
const MAX_LIST_LENGTH = 20;
const MAX_CAUSES = 5;

function cut(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  }
  if (Array.isArray(value)) return value.slice(0, MAX_LIST_LENGTH).map(cut);
  // Objects (a claim the sender made one) are not the claim types checked: name the type only.
  if (value !== null && typeof value === 'object') return '[object]';
  return value;
}

/** The error's message and those of its causes, e.g. `keys could not be loaded: ... ← ECONNREFUSED`. */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSES; depth++) {
    if (current instanceof Error) {
      const { message } = current;
      // A wrapper usually repeats its cause's message: keep the chain readable.
      if (!parts.some((part) => part.includes(message))) {
        parts.push(current instanceof VerifyError ? message : `${current.name}: ${message}`);
      }
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' <- ');
}

/**
 * The line for a refusal (401/403) or a failed check on the gateway's side (503, or 500 for a
 * bug). Made only on refusals, so the hot path of a passing request pays nothing for it.
 */
export function gatewayRefusalLine(
  error: unknown,
  status: number,
  request: { method: string | undefined; path: string; route: string },
): GatewayRefusalLine {
  const known = error instanceof VerifyError;
  const assertion = known ? error.failedAssertion : undefined;
  // Set by the verifier only once the signature checked out: an unsigned claim is not logged as who called.
  const clientId = (error as { clientId?: unknown } | null)?.clientId;
  // In the order of @gatehouse/verify's line, so the two read alike.
  const line: GatewayRefusalLine = {
    event: status >= 500 ? 'verifier_unavailable' : 'token_refused',
    code: known ? error.code : 'ERR_UNEXPECTED',
    status,
    ...(assertion === undefined
      ? {}
      : {
          failedAssertion: {
            claim: assertion.claim,
            actual: cut(assertion.actual),
            expected: cut(assertion.expected),
          },
        }),
    ...(typeof clientId === 'string' ? { clientId: cut(clientId) as string } : {}),
    ...(status >= 500 ? { cause: causeChain(error) } : {}),
    ...(request.method === undefined ? {} : { method: request.method }),
    path: request.path,
    adapter: 'gateway',
    route: request.route,
  };
  return line;
}

/** Logs a refusal: `warn` for 401/403 (the caller's problem), `error` for 5xx (ours). */
export function logRefusal(
  logger: GatewayLogger,
  error: unknown,
  status: number,
  request: { method: string | undefined; path: string; route: string },
): void {
  const line = gatewayRefusalLine(error, status, request);
  if (status >= 500) logger.error('verifier unavailable', { ...line });
  else logger.warn('token refused', { ...line });
}
