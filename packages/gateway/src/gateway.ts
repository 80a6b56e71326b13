import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AuthResult, RouteAuth } from './auth/route-auth.js';
import { Authorizer, type VerifierHealth } from './auth/verifiers.js';
import { ClaimsSigner, JWKS_PATH } from './claims/claims-signer.js';
import { readPublishedKey, readSigningKey } from './claims/signing-key.js';
import { GatewayConfigError } from './config/errors.js';
import { validateGatewayConfig } from './config/load.js';
import type { GatewayConfig, GatewayConfigInput } from './config/schema.js';
import { Exchange } from './exchange.js';
import { type GatewayLogger, jsonLogger } from './log.js';
import { GatewayResourceMetadata } from './metadata/protected-resource.js';
import { logRefusal } from './refusal-log.js';
import { forward, type ForwardHooks } from './proxy/forward.js';
import { type Identity, requestHeaders } from './proxy/headers.js';
import { type Upstream, Upstreams } from './proxy/upstream.js';
import { ANSWERS, sendJson } from './respond.js';
import { parseTarget } from './routing/request-path.js';
import { Router } from './routing/router.js';

export interface GatewayOptions {
  /** Where access lines and warnings go; JSON lines on stdout at `info` by default. */
  logger?: GatewayLogger;
}

/** What /healthz answers. */
export interface GatewayHealth {
  status: 'ok' | 'shutting_down';
  /** Every verifier has its signing keys: tokens are checked without a network round trip. */
  ready: boolean;
  verifiers: VerifierHealth[];
}

export interface RunningGateway {
  /** Where the gateway listens, e.g. http://127.0.0.1:8080 (loopback when it listens on every interface). */
  url: string;
  /** The validated config, defaults filled in. */
  config: GatewayConfig;
  http: http.Server;
  health(): GatewayHealth;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `timeouts.shutdownMs`,
   * then cuts what is left and releases the upstream pools and verifiers. Safe to call twice.
   */
  close(): Promise<void>;
}

interface RouteData {
  upstream: Upstream;
  auth: RouteAuth | undefined;
  /** Set on a `forwardClaims: signed` route: the `aud` of its assertions. */
  claimsAudience: string | undefined;
}

const HEALTH_PATH = '/healthz';
const READY_PATH = '/readyz';

/**
 * Starts the gateway: validates the config, makes one verifier per audience and one connection
 * pool per upstream, listens, and starts loading signing keys in the background.
 *
 * @example
 * const gateway = await startGateway(await loadGatewayConfig('gateway.yaml'));
 * console.log(`listening on ${gateway.url}`);
 * process.once('SIGTERM', () => void gateway.close());
 */
export async function startGateway(
  input: GatewayConfigInput | GatewayConfig,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const config = validateGatewayConfig(input);
  const logger = options.logger ?? jsonLogger('info');
  const signer = claimsSigner(config);
  const upstreams = new Upstreams();
  const authorizer = new Authorizer(config, logger);
  const router = new Router<RouteData>(config.routes, (route) => ({
    upstream: upstreams.get(route.upstream),
    auth: authorizer.forRoute(route),
    claimsAudience: route.forwardClaims === 'signed' ? (route.claimsAudience ?? route.upstream) : undefined,
  }));
  const metadata = new GatewayResourceMetadata(config, router);
  const { forwardToken, trustForwardedHeaders: trustForwarded, timeouts } = config;

  let closing = false;
  // A count, not a Set of exchanges: at proxy rates a Set's churn keeps every request alive
  // past the young-generation GC, which tripled GC time in measurements.
  let inFlight = 0;
  const hooks: ForwardHooks = { closing: () => closing };
  const onDone = () => {
    inFlight--;
    // Under shutdown a connection whose last answer just finished is idle now: close it.
    if (closing) setImmediate(() => server.closeIdleConnections());
  };

  const health = (): GatewayHealth => {
    const verifiers = authorizer.health();
    return {
      status: closing ? 'shutting_down' : 'ok',
      ready: verifiers.every((v) => v.ready),
      verifiers,
    };
  };

  const proxy = (
    ex: Exchange,
    data: RouteData,
    path: string,
    query: string,
    identity: Identity | undefined,
  ) => {
    // A signed route sends the one assertion instead of the X-Gatehouse-* identity headers.
    let assertion: string | undefined;
    if (identity !== undefined && data.claimsAudience !== undefined && signer !== undefined) {
      assertion = signer.assertion(identity, data.claimsAudience, Date.now());
    }
    const headers = requestHeaders(ex.req, {
      forwardToken,
      trustForwarded,
      upstreamHost: data.upstream.host,
      identity: assertion === undefined ? identity : undefined,
      assertion,
    });
    forward(ex, data.upstream, (data.upstream.basePath + path || '/') + query, headers, timeouts, hooks);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = parseTarget(req.url ?? '/');
    const ex = new Exchange(req, res, target?.path ?? '-', logger, onDone);
    inFlight++;
    if (closing) res.shouldKeepAlive = false;
    if (target === null) {
      ex.error = 'bad_path';
      sendJson(res, 400, ANSWERS.badRequest);
      return;
    }
    const method = req.method ?? 'GET';
    if (
      (target.path === HEALTH_PATH || target.path === READY_PATH) &&
      (method === 'GET' || method === 'HEAD')
    ) {
      const report = health();
      const status = target.path === READY_PATH && (!report.ready || closing) ? 503 : 200;
      sendJson(res, status, report);
      return;
    }
    if (target.path === JWKS_PATH) {
      answerJwks(res, method, signer);
      return;
    }
    if (metadata.owns(target.path)) {
      metadata.answer(req, res, target.path);
      return;
    }
    const match = router.match(method, target.path);
    if (match.kind === 'not-found') {
      sendJson(res, 404, ANSWERS.notFound);
      return;
    }
    if (match.kind === 'method-not-allowed') {
      sendJson(res, 405, ANSWERS.methodNotAllowed, { allow: match.allow });
      return;
    }
    const { route, forwardPath } = match;
    ex.route = route.name;
    const auth = route.data.auth;
    if (auth === undefined) {
      proxy(ex, route.data, forwardPath, target.query, undefined);
      return;
    }
    const onResult = (result: AuthResult) => {
      if (ex.done) return;
      if (!result.ok) {
        const { refusal } = result;
        ex.error = refusal.code;
        logRefusal(logger, refusal.error, refusal.status, { method, path: target.path, route: route.name });
        const challenge = metadata.challenge(refusal, req, target.path);
        sendJson(res, refusal.status, refusal.body, { 'www-authenticate': challenge });
        return;
      }
      ex.clientId = result.identity.clientId;
      proxy(ex, route.data, forwardPath, target.query, result.identity);
    };
    const result = auth.check(req);
    if (!(result instanceof Promise)) {
      onResult(result);
      return;
    }
    result.then(onResult, (error: unknown) => {
      logRefusal(logger, error, 500, { method, path: target.path, route: route.name });
      if (ex.done) return;
      ex.error = 'internal_error';
      sendJson(res, 500, { error: 'server_error', error_description: 'the gateway failed' });
    });
  };

  // Uploads may take as long as they take while bytes flow: the upstream's silence limit
  // (upstreamMs) ends a stalled exchange, keepAliveTimeout an idle connection between requests.
  const server = http.createServer({ requestTimeout: 0 }, handle);
  server.keepAliveTimeout = timeouts.idleMs;
  // An Expect other than 100-continue (RFC 9110 §10.1.1): a JSON 417 like the gateway's other
  // answers, rather than node:http's empty one. 100-continue keeps node:http's default.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.shouldKeepAlive = false;
    sendJson(res, 417, ANSWERS.expectationFailed);
    req.resume();
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    authorizer.close();
    upstreams.close();
    throw error;
  }
  server.on('error', (error) => logger.error('gateway server error', { error }));
  void authorizer.warm();

  const address = server.address() as AddressInfo;
  const url = `http://${displayHost(address)}:${address.port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        if (inFlight > 0) {
          logger.warn('shutdown deadline reached; cutting requests still in flight', {
            in_flight: inFlight,
          });
        }
        server.closeAllConnections();
      }, timeouts.shutdownMs);
      await stopped;
      clearTimeout(deadline);
      authorizer.close();
      upstreams.close();
    })();
    return closed;
  };

  return { url, config, http: server, health, close };
}

/** The signer of `forwardClaims: signed` routes, when `signedClaims` is set. */
function claimsSigner(config: GatewayConfig): ClaimsSigner | undefined {
  const settings = config.signedClaims;
  if (settings === undefined) return undefined;
  // Validation read the key too, but a config holds only its path: the KeyObject is made here.
  const key = readSigningKey(settings.keyFile);
  if (typeof key === 'string') {
    throw new GatewayConfigError(undefined, [{ path: 'signedClaims.keyFile', message: key }]);
  }
  const published = (settings.publishKeyFiles ?? []).map((file, index) => {
    const jwk = readPublishedKey(file);
    if (typeof jwk !== 'string') return jwk;
    throw new GatewayConfigError(undefined, [
      { path: `signedClaims.publishKeyFiles[${index}]`, message: jwk },
    ]);
  });
  return new ClaimsSigner(key, settings.issuer, settings.ttlSeconds, published);
}

/**
 * The gateway's public keys at a path it keeps for itself (never proxied): 404 without
 * `signedClaims`. Cached briefly by upstreams, like any JWKS; a new key is picked up by them
 * when they meet its `kid`.
 */
function answerJwks(res: http.ServerResponse, method: string, signer: ClaimsSigner | undefined): void {
  if (method !== 'GET' && method !== 'HEAD') {
    sendJson(res, 405, ANSWERS.methodNotAllowed, { allow: 'GET, HEAD' });
  } else if (signer === undefined) {
    sendJson(res, 404, ANSWERS.noSignedClaims);
  } else {
    sendJson(res, 200, signer.jwks, { 'cache-control': 'public, max-age=300' });
  }
}

function displayHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
