import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4, header form, as AWS's "Create a signed AWS API request" describes it:
// the canonical request, the string to sign and the signing key. Pure functions: the checks
// around them (dates, keys, replays) are verify-signature.ts.

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';

/** What the Authorization header carries. */
export interface SignatureHeader {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
  /** Lower-case names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
}

/** The parts of a request that the signature covers. */
export interface CanonicalInput {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  /** Node's rawHeaders: name, value, name, value, … in the order received. */
  rawHeaders: readonly string[];
  /** Hex SHA-256 of the body. */
  payloadHash: string;
  signedHeaders: readonly string[];
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** RFC 3986 percent-encoding as SigV4 wants it: everything but unreserved characters, in upper-case hex. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date,
 * Signature=…`. Returns the list of what is missing when the header is incomplete.
 */
export function parseAuthorization(header: string): SignatureHeader | { missing: string[] } | undefined {
  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space) !== ALGORITHM) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [
    ...(credential ? [] : ['Credential']),
    ...(signature ? [] : ['Signature']),
    ...(signedHeaders ? [] : ['SignedHeaders']),
  ];
  if (!credential || !signedHeaders || !signature) return { missing };
  const scope = credential.split('/');
  if (scope.length !== 5) return { missing: ['Credential'] };
  const [accessKeyId = '', date = '', region = '', service = '', terminator] = scope;
  if (terminator !== TERMINATOR) return { missing: ['Credential'] };
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Header values by lower-case name: repeated headers joined with commas, spaces trimmed and folded. */
export function headerValues(rawHeaders: readonly string[]): Map<string, string> {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = (rawHeaders[i + 1] ?? '').trim().replace(/\s+/g, ' ');
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  return new Map([...values].map(([name, list]) => [name, list.join(',')]));
}

/**
 * The path with `.` and `..` segments resolved and empty segments dropped, then encoded again:
 * every service but S3 signs the already-encoded path encoded a second time.
 */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Parameters decoded then encoded the one canonical way, sorted by name and then value. */
function canonicalQuery(query: string): string {
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    pairs.push([uriEncode(decode(name)), uriEncode(decode(value))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** The canonical request; undefined when a signed header is not in the request at all. */
export function canonicalRequest(input: CanonicalInput): string | undefined {
  const question = input.url.indexOf('?');
  const path = question === -1 ? input.url : input.url.slice(0, question);
  const query = question === -1 ? '' : input.url.slice(question + 1);
  const values = headerValues(input.rawHeaders);
  const lines: string[] = [];
  for (const name of input.signedHeaders) {
    const value = values.get(name);
    if (value === undefined) return undefined;
    lines.push(`${name}:${value}\n`);
  }
  return [
    input.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    lines.join(''),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/${TERMINATOR}`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), TERMINATOR);
}

export function sign(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ`, the form of X-Amz-Date. */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Epoch milliseconds of an X-Amz-Date value; undefined when it is not one. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) || amzDate(ms) !== value ? undefined : ms;
}
