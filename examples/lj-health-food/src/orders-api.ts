import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '@gatehouse/verify';
import { requireToken } from '@gatehouse/verify/express';
import express from 'express';
import { OrdersStore } from './orders-store.js';

export const ORDERS_API = 'lj-health-food';

export interface OrdersApi {
  url: string;
  close(): Promise<void>;
}

/**
 * LJ Health Food's orders API, the resource server `lj-health-food`. It checks every token
 * itself, even behind the gateway: placing an order takes `place-order`, reading them
 * takes `list-orders`.
 */
export async function startOrdersApi(options: {
  issuer: string;
  dbPath: string;
  revocationPollSeconds?: number;
  /** For an issuer without RFC 8414 metadata (any OpenID Provider): its JWKS URL. */
  jwksUri?: string;
  /** `false` for an issuer that serves no Gatehouse revocation list. */
  revocation?: false;
  /**
   * With `issuer` a user pool's (`<issuer>/pools/<pool-id>`): the app client(s) whose people's
   * access tokens this API takes. The verifier then wants `token_use: "access"` and the
   * `client_id` named here, so an ID token or another app's token is refused.
   */
  appClientId?: string | readonly string[];
}): Promise<OrdersApi> {
  const store = new OrdersStore(options.dbPath);
  const common = {
    issuer: options.issuer,
    audience: ORDERS_API,
    revocation:
      options.revocation === false
        ? (false as const)
        : { pollIntervalSeconds: options.revocationPollSeconds ?? 2 },
    ...(options.jwksUri === undefined ? {} : { jwksUri: options.jwksUri }),
  };
  const verifier =
    options.appClientId === undefined
      ? createVerifier(common)
      : createVerifier({ ...common, tokenUse: 'access', clientId: options.appClientId });
  await verifier.warm();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));

  app.post('/orders', requireToken(verifier, { scopes: ['place-order'] }), (req, res) => {
    const { item, quantity } = (req.body ?? {}) as { item?: unknown; quantity?: unknown };
    if (typeof item !== 'string' || item === '' || !Number.isInteger(quantity) || (quantity as number) < 1) {
      res
        .status(422)
        .json({ error: 'invalid_order', error_description: 'item (text) and quantity (≥ 1) are required' });
      return;
    }
    res.status(201).json(store.place(item, quantity as number, req.auth?.client_id ?? 'unknown'));
  });

  app.get('/orders', requireToken(verifier, { scopes: ['list-orders'] }), (_req, res) => {
    res.json({ orders: store.list() });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      verifier.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
