import type { IncomingMessage } from 'node:http';
import type { AnyVerifiedClaims } from '@gatehouse/verify';
import { ASSERTION_HEADER, type SignedAssertion } from '../claims/claims-signer.js';

/** RFC 9110 §7.6.1 connection-specific fields, plus the old ones still seen in the wild. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Identity the gateway vouches for; any incoming header with this prefix is dropped, which
 * includes the signed assertion's X-Gatehouse-Jwt-Assertion.
 */
const IDENTITY_PREFIX = 'x-gatehouse-';

export interface Identity {
  clientId: string;
  scopes: readonly string[];
  /** A person's token: their `sub` in the pool (sent as X-Gatehouse-Subject). */
  subject?: string;
  /** A person's token: the pool issuer (sent as X-Gatehouse-Issuer). */
  issuer?: string;
  /** All the verified claims, for a route that forwards them signed. */
  claims: AnyVerifiedClaims;
  /** Assertions signed for this token, by audience (see ClaimsSigner). */
  assertions?: Map<string, SignedAssertion>;
}

export interface ForwardOptions {
  forwardToken: boolean;
  trustForwarded: boolean;
  /** `host[:port]` of the upstream, sent as Host. */
  upstreamHost: string;
  /** Sent as X-Gatehouse-* headers (a `forwardClaims: headers` route). */
  identity: Identity | undefined;
  /** Sent as the one signed header instead (a `forwardClaims: signed` route). */
  assertion?: string | undefined;
}

/** Extra names a sender listed in Connection, which are hop-by-hop too. */
function connectionTokens(value: string | undefined): Set<string> | undefined {
  // The usual values name no header: answer them without splitting.
  if (value === undefined || value === 'keep-alive' || value === 'close') return undefined;
  let tokens: Set<string> | undefined;
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '' || name === 'close' || name === 'keep-alive') continue;
    (tokens ??= new Set()).add(name);
  }
  return tokens;
}

/**
 * The request headers for the upstream, as a flat raw list (the shape http.request takes):
 * hop-by-hop fields, incoming X-Gatehouse-* and (unless forwardToken) Authorization removed;
 * Host set to the upstream; X-Forwarded-For/-Proto/-Host and the verified identity added.
 */
export function requestHeaders(req: IncomingMessage, options: ForwardOptions): string[] {
  const raw = req.rawHeaders;
  const listed = connectionTokens(req.headers.connection);
  const out: string[] = [];
  let forwardedFor: string | undefined;
  let forwardedProto: string | undefined;
  let forwardedHost: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === 'host' || lower === 'expect') continue;
    if (lower.startsWith(IDENTITY_PREFIX)) continue;
    if (lower === 'authorization' && !options.forwardToken) continue;
    if (lower.startsWith('x-forwarded-') || lower === 'forwarded') {
      if (!options.trustForwarded) continue;
      if (lower === 'x-forwarded-for') {
        forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
        continue;
      }
      if (lower === 'x-forwarded-proto') {
        forwardedProto ??= value;
        continue;
      }
      if (lower === 'x-forwarded-host') {
        forwardedHost ??= value;
        continue;
      }
    }
    if (listed?.has(lower)) continue;
    out.push(name, value);
  }
  // A chunked request body stays chunked; Node frames it again on the way out.
  if (req.headers['transfer-encoding'] !== undefined) out.push('Transfer-Encoding', 'chunked');
  out.push('Host', options.upstreamHost);
  const remote = req.socket.remoteAddress ?? '';
  out.push('X-Forwarded-For', forwardedFor === undefined ? remote : `${forwardedFor}, ${remote}`);
  out.push(
    'X-Forwarded-Proto',
    forwardedProto ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'),
  );
  const host = forwardedHost ?? req.headers.host;
  if (host !== undefined) out.push('X-Forwarded-Host', host);
  if (options.identity) {
    out.push('X-Gatehouse-Client-Id', options.identity.clientId);
    out.push('X-Gatehouse-Scopes', options.identity.scopes.join(' '));
    if (options.identity.subject !== undefined) {
      out.push('X-Gatehouse-Subject', options.identity.subject);
      out.push('X-Gatehouse-Issuer', options.identity.issuer ?? '');
    }
  }
  if (options.assertion !== undefined) out.push(ASSERTION_HEADER, options.assertion);
  return out;
}

/** The upstream's response headers for the caller, hop-by-hop fields removed. */
export function responseHeaders(res: IncomingMessage): string[] {
  const raw = res.rawHeaders;
  const listed = connectionTokens(res.headers.connection);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed?.has(lower)) continue;
    out.push(name, raw[i + 1] as string);
  }
  return out;
}
