import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CreatedAccessKey } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import type { BackendName } from '../../support/backends.js';
import { CognitoGate } from '../support/gate.js';

/**
 * The Cognito gate with two teams, a pool for each, and an access key for each team, created
 * as an operator would (`gatehouse access-keys create --team`), and SDK clients signing with them.
 */
export class AdminGate extends CognitoGate {
  ordersPool = '';
  billingPool = '';
  ordersKey!: CreatedAccessKey;
  billingKey!: CreatedAccessKey;
  /** Signs with the orders team's key. */
  admin!: CognitoIdentityProviderClient;
  /** Signs with the billing team's key: it must not reach the orders pool. */
  outsider!: CognitoIdentityProviderClient;

  constructor(backend: BackendName) {
    super(backend, { passwordPolicy: { minLength: 8 } });
  }

  override async start(): Promise<void> {
    await super.start();
    const { gatehouse } = this.server;
    await gatehouse.teams.create({ slug: 'orders', name: 'Orders' }, CLI_ACTOR);
    await gatehouse.teams.create({ slug: 'billing', name: 'Billing' }, CLI_ACTOR);
    const pool = (team: string) =>
      gatehouse.userPools.create({ name: team, team, passwordPolicy: { minLength: 8 } }, CLI_ACTOR);
    this.ordersPool = (await pool('orders')).id;
    this.billingPool = (await pool('billing')).id;
    this.ordersKey = await gatehouse.accessKeys.create({ team: 'orders', name: 'orders ci' }, CLI_ACTOR);
    this.billingKey = await gatehouse.accessKeys.create({ team: 'billing', name: 'billing ci' }, CLI_ACTOR);
    this.secrets.push(this.ordersKey.secretAccessKey, this.billingKey.secretAccessKey);
    this.admin = this.signedClient(this.ordersKey);
    this.outsider = this.signedClient(this.billingKey);
  }

  /** After the test clock moves: clients sign with the server's time again. */
  resync(): void {
    this.admin.destroy();
    this.outsider.destroy();
    this.admin = this.signedClient(this.ordersKey);
    this.outsider = this.signedClient(this.billingKey);
  }

  override async stop(): Promise<void> {
    this.admin?.destroy();
    this.outsider?.destroy();
    await super.stop();
  }

  /**
   * An SDK client signing with `key` at the server's frozen time. The SDK resets its clock from
   * each answer's Date header (the real time), so the header is dropped before it looks.
   */
  signedClient(key: CreatedAccessKey): CognitoIdentityProviderClient {
    const client = new CognitoIdentityProviderClient({
      endpoint: this.server.url,
      region: 'local',
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
      systemClockOffset: this.clock.now() - Date.now(),
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const response = result.response as { headers?: Record<string, string> } | undefined;
        if (response?.headers) delete response.headers.date;
        return result;
      },
      { step: 'deserialize', name: 'frozenClockDateHeader' },
    );
    return client;
  }
}
