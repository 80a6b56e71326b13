import { createHash, createHmac } from 'node:crypto';

// A SigV4 signer for tests, written from AWS's description without Gatehouse's code, so the
// verifier is checked against an independent implementation (and sigv4-vectors.test.ts
// checks both against AWS's published example).

export interface SignOptions {
  accessKeyId: string;
  secret: string;
  url: string;
  body: string;
  at: number;
  region?: string;
  service?: string;
  headers?: Record<string, string>;
  /** Header names to sign; default: every header sent. */
  signed?: string[];
}

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

export function amzDateOf(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The headers of a signed `POST /` with a JSON body, Authorization included. */
export function signedHeaders(options: SignOptions): Record<string, string> {
  const url = new URL(options.url);
  const date = amzDateOf(options.at);
  const region = options.region ?? 'local';
  const service = options.service ?? 'cognito-idp';
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-date': date,
    'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
    ...options.headers,
  };
  const names = (options.signed ?? Object.keys(headers)).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('');
  const canonical = ['POST', '/', '', canonicalHeaders, names.join(';'), hex(options.body)].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, hex(canonical)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${options.secret}`, date.slice(0, 8)), region), service),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

/** Node's rawHeaders for a header object, as the server would see them. */
export function rawHeadersOf(headers: Record<string, string>): string[] {
  return Object.entries(headers).flat();
}
