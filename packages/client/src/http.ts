import { readCapped } from '@gatehouse/jws';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenError } from './errors.js';

export interface HttpPolicy {
  fetch: typeof fetch;
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

/** An answer read in full, and how many tries it took. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  attempts: number;
}

/** 5xx is the server's trouble and 429 asks us to slow down: both may pass. Other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Token responses and metadata are small; a larger answer is not what we asked for. */
const MAX_ANSWER_BYTES = 1024 * 1024;

class NoAnswer extends Error {
  constructor(
    readonly timedOut: boolean,
    override readonly cause: unknown,
  ) {
    super(timedOut ? 'timed out' : 'network error');
  }
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in [0, ceiling). */
function backoff(policy: HttpPolicy, attempt: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. `undefined` when absent or unreadable. */
function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The body read, rejected as soon as the try's time is up. Aborting the request does not always
 * end a read that is already waiting for a body that never comes, so the wait is raced against
 * the signal, and the body is cancelled so its socket is let go.
 */
function untilAborted<T>(read: Promise<T>, signal: AbortSignal, response: Response): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      response.body?.cancel().catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    read.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** One try: the whole answer, body included, within the timeout. */
async function once(
  policy: HttpPolicy,
  url: string,
  init: RequestInit,
): Promise<Omit<HttpAnswer, 'attempts'>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    const response = await policy.fetch(url, { ...init, signal: controller.signal, redirect: 'error' });
    const text = await untilAborted(readCapped(response, MAX_ANSWER_BYTES), controller.signal, response);
    if (text === undefined) {
      throw new TokenError(
        'ERR_BAD_RESPONSE',
        `${url}: the answer is larger than ${MAX_ANSWER_BYTES} bytes`,
        {
          status: response.status,
        },
      );
    }
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new NoAnswer(controller.signal.aborted, error);
  } finally {
    clearTimeout(timer);
  }
}

function describe(failure: NoAnswer, policy: HttpPolicy): string {
  if (failure.timedOut) return `no answer within ${policy.timeoutMs} ms`;
  const cause = failure.cause as { cause?: { code?: unknown }; code?: unknown } | undefined;
  const code = cause?.cause?.code ?? cause?.code;
  return typeof code === 'string' ? `network error (${code})` : 'network error';
}

/** " after 3 attempts", or nothing for a single try. */
export function tries(n: number): string {
  return n > 1 ? ` after ${n} attempts` : '';
}

/**
 * Sends a request, retrying network errors, timeouts, 5xx and 429 with full-jitter backoff (or
 * the server's Retry-After, capped at maxDelayMs). `build` runs per try, so each try can carry
 * fresh credentials. Resolves to the last answer, whatever its status; throws TokenError
 * ERR_NETWORK or ERR_TIMEOUT when no try got an answer at all. `what` names the request in
 * messages, e.g. `POST https://auth.example.com/oauth2/token`.
 */
export async function exchange(
  policy: HttpPolicy,
  url: string,
  build: () => RequestInit,
  what: string,
): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= policy.attempts;
    try {
      const answer = await once(policy, url, build());
      if (last || !isRetryableStatus(answer.status)) return { ...answer, attempts: attempt };
      const asked = retryAfterMs(answer.headers.get('retry-after'));
      await sleep(asked === undefined ? backoff(policy, attempt) : Math.min(asked, policy.maxDelayMs));
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      if (last) {
        throw new TokenError(
          error.timedOut ? 'ERR_TIMEOUT' : 'ERR_NETWORK',
          `${what}: ${describe(error, policy)}${tries(attempt)}`,
          { cause: error.cause },
        );
      }
      await sleep(backoff(policy, attempt));
    }
  }
}
