import { createHmac } from 'node:crypto';
import { type Agent, request } from 'node:https';
import { validateClaims } from '../claim-rules.js';

/** Longest answer read from a hook; past it the call fails (a token carries at most 8 KiB of claims). */
export const HOOK_RESPONSE_MAX_BYTES = 16 * 1024;
/** Longest a hook may ask its answer to be cached. */
export const HOOK_TTL_MAX_SECONDS = 3600;

/** What a hook is told about the token about to be issued. */
export interface HookCallBody {
  clientId: string;
  clientName: string;
  teamId: string | null;
  /** The resource server's identifier: the token's `aud`. */
  resource: string;
  resourceServerId: string;
  /** Sorted, as granted (unqualified names). */
  scopes: readonly string[];
  grantType: string;
}

export interface HookAnswer {
  claims: Readonly<Record<string, unknown>>;
  /** How long the answer may be reused for the same client, resource and scopes; 0: not at all. */
  ttlSeconds: number;
}

/** Why a call did not yield claims: the outcome label of the hook metrics and logs. */
export type HookFailureReason = 'timeout' | 'network' | 'status' | 'body' | 'claims' | 'saturated';

export class HookFailure extends Error {
  override name = 'HookFailure';
  constructor(
    readonly reason: HookFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's shape: the time is inside
 * the MAC, so a receiver that refuses old times bounds how long a captured call can be replayed.
 */
export function hookSignature(secret: Buffer, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface HookCallOptions {
  url: string;
  secret: Buffer;
  timeoutMs: number;
  agent: Agent;
  /** Epoch milliseconds, for the signature's time. */
  now: number;
}

/**
 * POSTs the signed body and reads the answer: at most HOOK_RESPONSE_MAX_BYTES, within the
 * timeout from the first byte sent to the last received, no redirect followed (node:https never
 * does; a 3xx is a failure). Anything but a 2xx with a valid answer throws a HookFailure.
 */
export function callHook(options: HookCallOptions, payload: HookCallBody): Promise<HookAnswer> {
  const body = JSON.stringify(payload);
  const signature = hookSignature(options.secret, Math.floor(options.now / 1000), body);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: HookFailureReason, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new HookFailure(reason, message));
    };
    const req = request(options.url, {
      method: 'POST',
      agent: options.agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json',
        'user-agent': 'Gatehouse-TokenHook/1',
        'gatehouse-signature': signature,
      },
    });
    const timer = setTimeout(
      () => fail('timeout', `no answer within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    req.on('error', (error) => fail('network', error.message));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        fail('status', `answered HTTP ${status}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > HOOK_RESPONSE_MAX_BYTES)
          fail('body', `answer larger than ${HOOK_RESPONSE_MAX_BYTES} bytes`);
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail('network', error.message));
      res.on('end', () => {
        if (settled) return;
        try {
          const answer = parseAnswer(Buffer.concat(chunks).toString('utf8'));
          settled = true;
          clearTimeout(timer);
          resolve(answer);
        } catch (error) {
          const failure = error as HookFailure;
          fail(failure.reason, failure.message);
        }
      });
    });
    req.end(body);
  });
}

/** `{ "claims": { … }, "ttlSeconds": n }`, with the claims held to the rules of static claims. */
export function parseAnswer(text: string): HookAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HookFailure('body', 'the answer is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HookFailure('body', 'the answer is not a JSON object');
  }
  const { claims = {}, ttlSeconds = 0 } = value as { claims?: unknown; ttlSeconds?: unknown };
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 0) {
    throw new HookFailure('body', 'ttlSeconds is not a whole number of seconds');
  }
  const issues = validateClaims(claims, 'claims');
  if (issues.length > 0) {
    throw new HookFailure('claims', issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
  return {
    claims: claims as Readonly<Record<string, unknown>>,
    ttlSeconds: Math.min(ttlSeconds, HOOK_TTL_MAX_SECONDS),
  };
}
