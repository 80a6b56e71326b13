import { lookup as dnsLookup } from 'node:dns';
import { type ClientRequest, get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/** Why an outbound GET gave no usable answer; the message names no credential and is one log line. */
export class OutboundError extends Error {
  override name = 'OutboundError';

  constructor(
    message: string,
    /** As OutboundAnswer.lookupDone. */
    readonly lookupDone: Promise<void> = Promise.resolve(),
  ) {
    super(message);
  }
}

export interface OutboundLimits {
  /** The body is cut off, and the connection closed, as soon as it passes this many bytes. */
  maxBytes: number;
  /** For everything: name lookup, connecting, TLS, headers and body. */
  timeoutMs: number;
  accept: string;
}

export interface OutboundAnswer {
  body: Buffer;
  /**
   * Settles when the name lookup behind the request has finished too, which may be after the
   * answer or the failure: a lookup holds a thread of libuv's pool until it ends, timeout or not.
   */
  lookupDone: Promise<void>;
}

function netReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `unreachable (${code})` : 'unreachable';
}

/**
 * GETs `target` and returns its body when the answer is 200 and fits `maxBytes`: a Content-Length
 * above the cap is refused before any body is read, and a body that grows past it is cut off
 * there. Redirects are not followed. Throws OutboundError with the reason.
 */
export function getLimited(target: string, limits: OutboundLimits): Promise<OutboundAnswer> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.reject(new OutboundError('is not a URL'));
  }
  let lookupSettled: () => void = () => undefined;
  const lookupDone = new Promise<void>((resolve) => {
    lookupSettled = resolve;
  });
  let lookupStarted = false;
  // IP literals are connected to directly, without a lookup.
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) lookupSettled();
  const lookup: LookupFunction = (hostname, options, callback) => {
    lookupStarted = true;
    dnsLookup(hostname, options, (...args: Parameters<typeof callback>) => {
      lookupSettled();
      callback(...args);
    });
  };

  return new Promise<OutboundAnswer>((resolve, reject) => {
    let request: ClientRequest | undefined;
    let settled = false;
    const finish = (error: string | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) {
        request?.destroy();
        if (!lookupStarted) lookupSettled();
        reject(new OutboundError(error, lookupDone));
      } else resolve({ body: body ?? Buffer.alloc(0), lookupDone });
    };
    const timer = setTimeout(
      () => finish(`no complete answer within ${limits.timeoutMs} ms`),
      limits.timeoutMs,
    );
    const onResponse = (response: IncomingMessage) => {
      if (response.statusCode !== 200) {
        finish(`answered ${response.statusCode ?? 'without a status'}`);
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (declared > limits.maxBytes) {
        finish(`announced ${declared} bytes, more than the ${limits.maxBytes} allowed`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > limits.maxBytes) {
          finish(`sent more than the ${limits.maxBytes} bytes allowed`);
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(undefined, Buffer.concat(chunks, size)));
      response.on('aborted', () => finish('closed the connection mid-answer'));
      response.on('error', () => finish('closed the connection mid-answer'));
    };
    try {
      const get = url.protocol === 'https:' ? httpsGet : httpGet;
      request = get(url, { headers: { accept: limits.accept }, agent: false, lookup }, onResponse);
    } catch {
      finish('is not a URL Gatehouse can fetch');
      return;
    }
    request.on('error', (error) => finish(netReason(error)));
  });
}
