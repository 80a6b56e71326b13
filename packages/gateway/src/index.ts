/**
 * The Gatehouse gateway: an authorizing reverse proxy. Run it with `gatehouse gateway --config FILE`,
 * or embed it:
 *
 * @example
 * import { loadGatewayConfig, startGateway } from '@gatehouse/gateway';
 * const gateway = await startGateway(await loadGatewayConfig('gateway.yaml'));
 */
export { type ConfigIssue, GatewayConfigError } from './config/errors.js';
export {
  type ConfigFormat,
  loadGatewayConfig,
  parseGatewayConfig,
  validateGatewayConfig,
} from './config/load.js';
export type {
  GatewayConfig,
  GatewayConfigInput,
  RouteConfig,
  SignedClaimsConfig,
  UserPoolConfig,
} from './config/schema.js';
export { ASSERTION_HEADER, ASSERTION_TYP, JWKS_PATH } from './claims/claims-signer.js';
export { type GatewayHealth, type GatewayOptions, type RunningGateway, startGateway } from './gateway.js';
export { type GatewayLogger, jsonLogger, type LogLevel } from './log.js';
