import type { Handler, Router } from '../http/router.js';
import type { Logger } from '../log.js';
import type { PoolProtocol } from '../pools/pool-protocol-deps.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import { OPERATIONS } from './operations/index.js';
import { cognitoWire } from './wire.js';

/**
 * Cognito's wire on `POST /` (and its CORS preflight); `GET /` stays the portal, which is
 * handed in so the root path keeps serving it.
 */
export function mountCognito(
  router: Router,
  deps: { gatehouse: OpenGatehouse; pools: PoolProtocol; logger: Logger; portal: Handler },
): void {
  const wire = cognitoWire({ ...deps, operations: OPERATIONS });
  router.on('POST', '/', wire.post).on('OPTIONS', '/', wire.preflight).on('GET', '/', deps.portal);
}
