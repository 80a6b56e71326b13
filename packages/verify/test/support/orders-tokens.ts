import { createVerifier, type Verifier } from '../../src/index.js';
import { TestGatehouse } from './gatehouse.js';

/** A real Gatehouse with the `lj-health-food` API, one client, and that client's tokens. */
export interface OrdersTokens {
  gate: TestGatehouse;
  /** `audience: 'lj-health-food'`, no revocation polling. */
  verifier: Verifier;
  clientId: string;
  /** Scope `place-order` only. */
  placeOnly: string;
  /** Scopes `list-orders place-order`. */
  both: string;
  stop(): Promise<void>;
}

export async function ordersTokens(): Promise<OrdersTokens> {
  const gate = await TestGatehouse.start();
  await gate.resourceServer({
    identifier: 'lj-health-food',
    name: 'Orders',
    scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
  });
  const client = await gate.client(['lj-health-food/place-order', 'lj-health-food/list-orders']);
  const verifier = createVerifier({ issuer: gate.issuer, audience: 'lj-health-food', revocation: false });
  return {
    gate,
    verifier,
    clientId: client.clientId,
    placeOnly: await gate.token(client, { resource: 'lj-health-food', scope: 'place-order' }),
    both: await gate.token(client, { resource: 'lj-health-food', scope: 'list-orders place-order' }),
    async stop() {
      verifier.close();
      await gate.stop();
    },
  };
}
