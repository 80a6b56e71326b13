// The Gatehouse gateway, started from its package exports with a config a user would write:
// one protected route to the upstream, the default logger (JSON access lines on stdout), the
// default verified-token cache unless TOKEN_CACHE_MS says otherwise. Ready once it holds the
// issuer's signing keys. Env: ISSUER, AUDIENCE, UPSTREAM_URL, SCOPES (space separated), TOKEN_CACHE_MS,
// GATEHOUSE_LOG_LEVEL.
import { type GatewayConfigInput, jsonLogger, type LogLevel, startGateway } from '@gatehouse/gateway';
import { announceReady } from '../lib/child.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const config: GatewayConfigInput = {
  listen: '127.0.0.1:0',
  issuer: env('ISSUER'),
  audience: env('AUDIENCE'),
  routes: [{ path: '/', upstream: env('UPSTREAM_URL'), scopes: env('SCOPES').split(' ') }],
  ...(process.env.TOKEN_CACHE_MS ? { tokenCacheMs: Number(process.env.TOKEN_CACHE_MS) } : {}),
};

// As `gatehouse gateway` does: JSON lines on stdout at GATEHOUSE_LOG_LEVEL (info: one per request).
const level = (process.env.GATEHOUSE_LOG_LEVEL || 'info') as LogLevel;
const gateway = await startGateway(config, { logger: jsonLogger(level) });
process.once('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
const deadline = Date.now() + 30_000;
while (!gateway.health().ready) {
  if (Date.now() > deadline) throw new Error('the gateway could not load the issuer signing keys');
  await new Promise((resolve) => setTimeout(resolve, 20));
}
announceReady(gateway.url);
