import { refusalLine } from '@gatehouse/verify';
import type { GatewayLogger } from './log.js';

/**
 * Logs one refused request: @gatehouse/verify's refusal line (so one log query finds refusals
 * from the gateway and from the SDK's adapters alike) plus the route. `warn` for 401/403 (the
 * caller's problem), `error` for 5xx (ours), with the cause. Never the token, a header value or
 * the query string. Built only on refusals, so a passing request pays nothing for it.
 */
export function logRefusal(
  logger: GatewayLogger,
  error: unknown,
  status: number,
  request: { method: string; path: string; route: string },
): void {
  const { msg, ...fields } = refusalLine(error, status, 'gateway', request);
  const line = { ...fields, route: request.route };
  if (status >= 500) logger.error(msg, line);
  else logger.warn(msg, line);
}
