import type { Registry } from 'prom-client';
import { type CounterCell, CounterCells } from './counter-cells.js';
import { type HistogramCell, HistogramCells } from './histogram-cells.js';
import { HttpError } from '../http/errors.js';
import { StoreUnavailableError } from '../services/errors.js';
import { StoreUnreachable } from '../services/store-errors.js';

/** Every grant type either token endpoint knows; anything else a caller names counts as `unknown`. */
const GRANTS = ['client_credentials', 'authorization_code', 'refresh_token', 'unknown'] as const;

/**
 * The error codes the token endpoints answer with. A code outside this list (none today) counts
 * as `other`, so the label set stays fixed whatever an error class says.
 */
const ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'slow_down',
  'temporarily_unavailable',
  'access_denied',
  'method_not_allowed',
  'server_error',
  'other',
] as const;

/** Sub-millisecond (a warm client_credentials grant) up to the seconds of a store that hangs. */
export const TOKEN_LATENCY_BUCKETS = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

/** What the token endpoints report: one call per request, after its answer is decided. */
export interface TokenMetrics {
  /** `started` is performance.now() at the start of the request. */
  issued(grantType: string | undefined, started: number): void;
  failed(grantType: string | undefined, error: unknown, started: number): void;
}

export const noopTokenMetrics: TokenMetrics = {
  issued() {},
  failed() {},
};

/** The wire code an error is answered with, from the fixed list. */
export function errorCodeOf(error: unknown): (typeof ERROR_CODES)[number] {
  if (error instanceof HttpError) {
    const code = ERROR_CODES.find((c) => c === error.error);
    return code ?? 'other';
  }
  if (error instanceof StoreUnreachable || error instanceof StoreUnavailableError)
    return 'temporarily_unavailable';
  return 'server_error';
}

/**
 * Token requests by grant, result and error code, and their latency by grant. Every label
 * combination is bound once, here, into a plain-number cell (counter-cells.ts,
 * histogram-cells.ts): a request costs two map lookups, two additions and a bucket scan.
 */
export class PromTokenMetrics implements TokenMetrics {
  private readonly ok = new Map<string, CounterCell>();
  /** grant → error code → cell. */
  private readonly errors = new Map<string, Map<string, CounterCell>>();
  private readonly latency = new Map<string, HistogramCell>();
  private readonly unknown: { ok: CounterCell; latency: HistogramCell; errors: Map<string, CounterCell> };

  constructor(registry: Registry) {
    const requests = new CounterCells(registry, {
      name: 'gatehouse_token_requests_total',
      help: 'Token requests by grant type, result (ok|error) and OAuth error code (none when ok)',
      labelNames: ['grant', 'result', 'error'] as const,
    });
    const duration = new HistogramCells(registry, {
      name: 'gatehouse_token_request_duration_seconds',
      help: 'Time from the start of a token request to its answer, by grant type',
      labelNames: ['grant'] as const,
      buckets: TOKEN_LATENCY_BUCKETS,
    });
    for (const grant of GRANTS) {
      const known = grant !== 'unknown';
      this.ok.set(grant, requests.cell({ grant, result: 'ok', error: 'none' }, { fromStart: known }));
      this.latency.set(grant, duration.cell({ grant }));
      const byCode = new Map<string, CounterCell>();
      for (const error of ERROR_CODES) {
        byCode.set(error, requests.cell({ grant, result: 'error', error }, { fromStart: false }));
      }
      this.errors.set(grant, byCode);
    }
    this.unknown = {
      ok: this.ok.get('unknown') as CounterCell,
      latency: this.latency.get('unknown') as HistogramCell,
      errors: this.errors.get('unknown') as Map<string, CounterCell>,
    };
  }

  issued(grantType: string | undefined, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const grant = grantType ?? 'unknown';
    (this.ok.get(grant) ?? this.unknown.ok).inc();
    (this.latency.get(grant) ?? this.unknown.latency).observe(seconds);
  }

  failed(grantType: string | undefined, error: unknown, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const grant = grantType ?? 'unknown';
    const byCode = this.errors.get(grant) ?? this.unknown.errors;
    (byCode.get(errorCodeOf(error)) as CounterCell).inc();
    (this.latency.get(grant) ?? this.unknown.latency).observe(seconds);
  }
}
