import { createTokenClient, type TokenClient } from '@gatehouse/client';

/**
 * The third-party delivery partner. It holds a Gatehouse client allowed only
 * `lj-health-food/place-order`, and calls the orders API through the gateway.
 */
export class DeliveryService {
  private readonly tokens: TokenClient;

  constructor(options: { issuer: string; clientId: string; clientSecret: string; ordersUrl: string }) {
    this.tokens = createTokenClient({
      issuer: options.issuer,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scopes: ['lj-health-food/place-order'],
    });
    this.ordersUrl = options.ordersUrl;
  }

  private readonly ordersUrl: string;

  placeOrder(item: string, quantity: number): Promise<Response> {
    return this.tokens.fetch(`${this.ordersUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item, quantity }),
    });
  }

  /** Not allowed for this partner: the API answers 403 insufficient_scope. */
  listOrders(): Promise<Response> {
    return this.tokens.fetch(`${this.ordersUrl}/orders`);
  }
}
