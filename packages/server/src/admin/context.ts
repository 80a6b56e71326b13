import type { Clock } from '../clock.js';
import type { Gatehouse } from '../services/gatehouse.js';
import type { Logger } from '../log.js';
import type { Runtime } from '../services/runtime.js';
import type { SsoDoor } from './sso-door.js';

/** What admin routes may reach: the service layer, the token cache, and the deployment's settings. */
export interface AdminServer {
  gatehouse: Gatehouse;
  runtime: Runtime;
  clock: Clock;
  logger: Logger;
  issuer: string;
  /** Session cookies get `Secure` when Gatehouse is reached over https. */
  secureCookies: boolean;
  /** Local passwords may be turned off when single sign-on is configured. */
  localLogin: boolean;
  sso: SsoDoor | undefined;
}
