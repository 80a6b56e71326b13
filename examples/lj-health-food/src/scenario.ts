import { CLI_ACTOR } from '@gatehouse/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenError } from '@gatehouse/client';
import { jsonLogger, startGateway } from '@gatehouse/gateway';
import { loadConfig, type RunningServer, silentLogger, startServer } from '@gatehouse/server';
import { DeliveryService } from './delivery-service.js';
import { ORDERS_API, type OrdersApi, startOrdersApi } from './orders-api.js';

export interface Step {
  title: string;
  status?: number;
  detail: string;
}

export interface ScenarioResult {
  steps: Step[];
  placed: { status: number; body: unknown };
  listed: { status: number; wwwAuthenticate: string | null; body: unknown };
  refusedAfterMs: number;
  refused: { status: number; body: unknown };
}

/** How long after disabling the partner we keep checking before calling it a failure. */
const REFUSAL_DEADLINE_MS = 15_000;

/**
 * The seed scenario end to end, on free loopback ports: Gatehouse, the orders API, the gateway
 * in front of it, and the delivery partner calling through the gateway.
 */
export async function runScenario(print: (step: Step) => void = () => undefined): Promise<ScenarioResult> {
  const steps: Step[] = [];
  const say = (step: Step) => {
    steps.push(step);
    print(step);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'lj-health-food-'));
  const closers: (() => Promise<void>)[] = [];
  try {
    const gatehouse: RunningServer = await startServer(
      loadConfig({ port: '0', data: join(dataDir, 'gatehouse') }, { GATEHOUSE_CHANGE_POLL_MS: '100' }),
      { logger: silentLogger },
    );
    closers.push(() => gatehouse.close());
    say({ title: 'Gatehouse is up', detail: `issuer ${gatehouse.issuer}` });

    await gatehouse.gatehouse.resourceServers.create(
      {
        identifier: ORDERS_API,
        name: 'LJ Health Food orders',
        scopes: [
          { name: 'place-order', description: 'Place an order' },
          { name: 'list-orders', description: 'List every order' },
        ],
      },
      CLI_ACTOR,
    );
    const { client, secret } = await gatehouse.gatehouse.clients.create(
      {
        name: 'Delivery partner',
        description: 'Third-party delivery app: may place orders, may not read them',
        scopes: [`${ORDERS_API}/place-order`],
      },
      CLI_ACTOR,
    );
    await gatehouse.runtime.poll();
    say({
      title: 'Registered the API and the delivery partner',
      detail: `resource server ${ORDERS_API} (place-order, list-orders); client ${client.clientId} allowed ${ORDERS_API}/place-order only`,
    });

    const orders: OrdersApi = await startOrdersApi({
      issuer: gatehouse.issuer,
      dbPath: join(dataDir, 'orders.db'),
      revocationPollSeconds: 1,
    });
    closers.push(() => orders.close());
    const gateway = await startGateway(
      {
        listen: { host: '127.0.0.1', port: 0 },
        issuer: gatehouse.issuer,
        audience: ORDERS_API,
        revocation: { pollIntervalSeconds: 1 },
        // The orders API checks every token itself too, so the gateway passes it on.
        forwardToken: true,
        routes: [
          { path: '/orders', methods: ['POST'], upstream: orders.url, scopes: ['place-order'] },
          { path: '/orders', methods: ['GET'], upstream: orders.url, scopes: ['list-orders'] },
        ],
      },
      { logger: jsonLogger('silent') },
    );
    closers.push(() => gateway.close());
    say({ title: 'Orders API and gateway are up', detail: `API ${orders.url}, gateway ${gateway.url}` });

    const partner = new DeliveryService({
      issuer: gatehouse.issuer,
      clientId: client.clientId,
      clientSecret: secret?.value ?? '',
      ordersUrl: gateway.url,
    });

    const placedResponse = await partner.placeOrder('Green smoothie bowl', 2);
    const placed = { status: placedResponse.status, body: await placedResponse.json() };
    say({ title: 'The partner places an order', status: placed.status, detail: JSON.stringify(placed.body) });

    const listResponse = await partner.listOrders();
    const listed = {
      status: listResponse.status,
      wwwAuthenticate: listResponse.headers.get('www-authenticate'),
      body: await listResponse.json(),
    };
    say({
      title: 'The partner tries to list orders',
      status: listed.status,
      detail: listed.wwwAuthenticate ?? JSON.stringify(listed.body),
    });

    await gatehouse.gatehouse.clients.setEnabled(client.clientId, false, CLI_ACTOR);
    const disabledAt = Date.now();
    say({ title: 'Security disables the partner', detail: `client ${client.clientId} disabled` });
    let refused = { status: 0, body: null as unknown };
    for (;;) {
      const response = await partner.placeOrder('Kale chips', 1).catch((error: Error) => error);
      if (response instanceof TokenError) {
        // The gateway refused the cached token (revoked), and Gatehouse refuses to issue a new one.
        refused = {
          status: response.status ?? 0,
          body: { error: response.oauthError, error_description: response.oauthErrorDescription },
        };
        break;
      }
      if (response instanceof Error) throw response;
      if (response.status !== 201) {
        refused = { status: response.status, body: await response.json().catch(() => null) };
        break;
      }
      if (Date.now() - disabledAt > REFUSAL_DEADLINE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const refusedAfterMs = Date.now() - disabledAt;
    say({
      title: 'The partner is refused: its token no longer passes, and no new one is issued',
      status: refused.status,
      detail: `${(refusedAfterMs / 1000).toFixed(1)} s after disabling: ${JSON.stringify(refused.body)}`,
    });
    return { steps, placed, listed, refusedAfterMs, refused };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
