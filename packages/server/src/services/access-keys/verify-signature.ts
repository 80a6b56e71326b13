import { safeEqual } from '../../crypto/safe-equal.js';
import {
  ALGORITHM,
  amzDate,
  canonicalRequest,
  credentialScope,
  headerValues,
  parseAmzDate,
  parseAuthorization,
  type SignatureHeader,
  sha256Hex,
  sign,
  stringToSign,
} from './sigv4.js';
import { INVALID_TOKEN, SIGNATURE_MISMATCH, SignatureRefused } from './signature-refused.js';

/** How far X-Amz-Date may stray from the server's clock, either way. */
export const SKEW_MS = 5 * 60_000;
/** The one service name Gatehouse answers for. */
export const SERVICE = 'cognito-idp';

/** A request as it arrived, for the signature check. */
export interface SignedRequest {
  method: string;
  /** Path and query as received, still percent-encoded. */
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
}

/** What a key gives the check: its signing key for a day and region (cached by the caller). */
export interface SigningSecret {
  signingKey(date: string, region: string): Buffer;
}

/** A request whose header parses, with the values the rest of the checks need. */
export interface ParsedSignature {
  header: SignatureHeader;
  amzDate: string;
  signedAt: number;
  headers: Map<string, string>;
}

const MINUTES = (ms: number) => `${ms / 60_000} min.`;

/**
 * Everything that can be checked before the key is known, in AWS's order and with its words:
 * a missing or incomplete header, the service, the date, the headers that must be signed.
 */
export function parseSignedRequest(request: SignedRequest, now: number): ParsedSignature {
  const headers = headerValues(request.rawHeaders);
  const authorization = headers.get('authorization');
  if (authorization === undefined || authorization === '') {
    throw new SignatureRefused('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const parsed = parseAuthorization(authorization);
  const date = headers.get('x-amz-date');
  if (parsed === undefined || 'missing' in parsed || date === undefined) {
    const missing =
      parsed && 'missing' in parsed ? parsed.missing : parsed ? [] : ['Credential', 'Signature'];
    const words = missing.map((name) => `Authorization header requires '${name}' parameter.`);
    if (date === undefined) words.push("Authorization header requires existence of a 'X-Amz-Date' header.");
    if (parsed === undefined) words.unshift(`Authorization header must use the ${ALGORITHM} algorithm.`);
    throw new SignatureRefused('IncompleteSignatureException', words.join(' '));
  }
  if (parsed.service !== SERVICE) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${SERVICE}'. `,
    );
  }
  const signedAt = parseAmzDate(date);
  if (signedAt === undefined) {
    throw new SignatureRefused(
      'IncompleteSignatureException',
      `X-Amz-Date must be in ISO 8601 basic format: '${date}'.`,
    );
  }
  if (parsed.date !== date.slice(0, 8)) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${date.slice(0, 8)}', from '${date}'.`,
    );
  }
  if (!parsed.signedHeaders.includes('host')) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  if (!parsed.signedHeaders.includes('x-amz-date')) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  if (signedAt < now - SKEW_MS) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      `Signature expired: ${date} is now earlier than ${amzDate(now - SKEW_MS)} (${amzDate(now)} - ${MINUTES(SKEW_MS)})`,
    );
  }
  if (signedAt > now + SKEW_MS) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      `Signature not yet current: ${date} is still later than ${amzDate(now + SKEW_MS)} (${amzDate(now)} + ${MINUTES(SKEW_MS)})`,
    );
  }
  if (headers.has('x-amz-security-token')) {
    // Gatehouse issues no temporary credentials: a session token is one it never gave out.
    throw new SignatureRefused('UnrecognizedClientException', INVALID_TOKEN);
  }
  return { header: parsed, amzDate: date, signedAt, headers };
}

/**
 * Recomputes the signature with the key's secret and compares it in constant time. The body
 * is hashed as received; a content hash header the client sent must be that same hash.
 */
export function checkSignature(request: SignedRequest, parsed: ParsedSignature, secret: SigningSecret): void {
  const payloadHash = sha256Hex(request.body);
  const claimed = parsed.headers.get('x-amz-content-sha256');
  if (claimed !== undefined && claimed !== payloadHash) {
    throw new SignatureRefused(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const { header } = parsed;
  const canonical = canonicalRequest({
    method: request.method,
    url: request.url,
    rawHeaders: request.rawHeaders,
    payloadHash,
    signedHeaders: header.signedHeaders,
  });
  const expected =
    canonical === undefined
      ? ''
      : sign(
          secret.signingKey(header.date, header.region),
          stringToSign(
            parsed.amzDate,
            credentialScope(header.date, header.region, header.service),
            canonical,
          ),
        );
  // A signed header that is not there fails as a wrong signature does, after the same work.
  if (!safeEqual(header.signature, expected) || canonical === undefined) {
    throw new SignatureRefused('InvalidSignatureException', SIGNATURE_MISMATCH);
  }
}
