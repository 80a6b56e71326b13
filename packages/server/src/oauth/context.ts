import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../clock.js';
import type { FormParams } from '../http/body.js';
import type { Logger } from '../log.js';
import type { ClientJwksFetcher } from '../services/client-jwks.js';
import type { ClientAuthFailures } from './client-auth/failures.js';
import type { Runtime } from '../services/runtime.js';
import type { Db } from '../store/db.js';

/** What every OAuth endpoint and module sees: the request's parameters and the server's parts. */
export interface OAuthContext {
  params: FormParams;
  headers: IncomingHttpHeaders;
  server: OAuthServer;
  /** The caller's network address, for counting failed client authentications. */
  address?: string | undefined;
}

export interface OAuthServer {
  issuer: string;
  tokenEndpoint: string;
  runtime: Runtime;
  clock: Clock;
  db: Db;
  logger: Logger;
  clientJwks: ClientJwksFetcher;
  clientAuthFailures: ClientAuthFailures;
}
