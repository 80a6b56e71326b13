import { TOKEN_ENDPOINT_AUTH_METHODS, type TokenEndpointAuthMethod } from '@gatehouse/schemas';
import { Counter, type Registry } from 'prom-client';

/** How a failed request tried to authenticate; `none` when it sent no credentials (or a public client's id alone). */
export type ClientAuthFailureMethod = TokenEndpointAuthMethod | 'none';

const METHODS: readonly ClientAuthFailureMethod[] = [...TOKEN_ENDPOINT_AUTH_METHODS, 'none'];

/** Failed client authentications at the token, introspection and revocation endpoints. */
export interface ClientAuthMetrics {
  failed(method: ClientAuthFailureMethod): void;
  /** A request refused with 429 because its address or client id failed too often. */
  throttled(): void;
}

export const noopClientAuthMetrics: ClientAuthMetrics = {
  failed() {},
  throttled() {},
};

export class PromClientAuthMetrics implements ClientAuthMetrics {
  private readonly byMethod = new Map<ClientAuthFailureMethod, { inc(): void }>();
  private readonly refused: Counter;

  constructor(registry: Registry) {
    const failures = new Counter({
      name: 'gatehouse_client_auth_failures_total',
      help: 'Failed client authentications (401 invalid_client, or 429 once over the limit) by method',
      labelNames: ['method'] as const,
      registers: [registry],
    });
    for (const method of METHODS) {
      failures.inc({ method }, 0);
      this.byMethod.set(method, failures.labels(method));
    }
    this.refused = new Counter({
      name: 'gatehouse_client_auth_throttled_total',
      help: 'Requests answered 429 because their address or client id failed authentication too often',
      registers: [registry],
    });
  }

  failed(method: ClientAuthFailureMethod): void {
    this.byMethod.get(method)?.inc();
  }

  throttled(): void {
    this.refused.inc();
  }
}
