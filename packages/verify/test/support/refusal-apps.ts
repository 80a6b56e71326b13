import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import type { RefusalLine, RefusalLogger, RequireTokenOptions, Verifier } from '../../src/index.js';
import { requireToken as expressToken } from '../../src/express.js';
import { requireToken as fastifyToken } from '../../src/fastify.js';
import { withToken } from '../../src/http.js';
import { type TestClient, TestGatehouse } from './gatehouse.js';

/**
 * A real Gatehouse with two APIs, `lj-health-food` (place-order, list-orders) and `billing`
 * (pay), and one client granted all three: its billing tokens are "meant for another API".
 */
export async function twoApis(): Promise<{ gate: TestGatehouse; caller: TestClient }> {
  const gate = await TestGatehouse.start();
  await gate.resourceServer({
    identifier: 'lj-health-food',
    name: 'Orders',
    scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
  });
  await gate.resourceServer({ identifier: 'billing', name: 'Billing', scopes: [{ name: 'pay' }] });
  const caller = await gate.client([
    'lj-health-food/place-order',
    'lj-health-food/list-orders',
    'billing/pay',
  ]);
  return { gate, caller };
}

export type Framework = 'express' | 'fastify' | 'http';
export const FRAMEWORKS: readonly Framework[] = ['express', 'fastify', 'http'];

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Options as every adapter takes them; `request` is whatever that framework's request is. */
export type AnyOptions = RequireTokenOptions<never>;

/** Listens on a free loopback port. */
export function listen(server: Server): Promise<RunningApp> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    );
  });
}

/** One app per framework, serving GET /orders behind the adapter with `options`. */
export async function startApp(
  framework: Framework,
  verifier: Verifier,
  options: AnyOptions,
): Promise<RunningApp> {
  const opts = options as RequireTokenOptions<unknown>;
  if (framework === 'express') {
    const app = express();
    app.get('/orders', expressToken(verifier, opts), (req, res) => {
      res.json({ client_id: req.auth?.client_id });
    });
    return listen(createServer(app));
  }
  if (framework === 'fastify') {
    const app = Fastify();
    app.get('/orders', { preHandler: fastifyToken(verifier, opts) }, async (request) => ({
      client_id: request.auth?.client_id,
    }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  }
  // withToken checks its options once, here; authenticate() shares its refusal path.
  const handler = withToken(
    verifier,
    (_req, res, claims) => {
      res.end(JSON.stringify({ client_id: claims.client_id }));
    },
    opts,
  );
  return listen(createServer(handler));
}

/** A logger that keeps every line with its level, pino-style (one object with `msg`). */
export function recordingLogger(): RefusalLogger & { lines: (RefusalLine & { level: string })[] } {
  const lines: (RefusalLine & { level: string })[] = [];
  return {
    lines,
    warn: (line) => lines.push({ ...line, level: 'warn' }),
    error: (line) => lines.push({ ...line, level: 'error' }),
  };
}

/** Collects what console.warn/console.error print until `restore()`. */
export function captureConsole(): { text: () => string; lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  return {
    lines,
    text: () => lines.join('\n'),
    restore: () => {
      console.warn = warn;
      console.error = error;
    },
  };
}

export async function get(
  url: string,
  authorization?: string,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}
