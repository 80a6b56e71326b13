// Bound the work an unauthenticated caller can make us do before any signature is checked.
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class JwtFormatError extends Error {
  override name = 'JwtFormatError';
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));
  } catch {
    throw new JwtFormatError(`JWT ${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtFormatError(`JWT ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS without verifying it. Error messages never echo the token. */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new JwtFormatError('JWT must be a string');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new JwtFormatError(`JWT is longer than ${MAX_TOKEN_LENGTH} characters`);
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new JwtFormatError(`JWT must have 3 parts separated by '.', found ${parts.length}`);
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const names = ['header', 'payload', 'signature'];
  parts.forEach((part, i) => {
    // length % 4 === 1 cannot come out of any base64url encoder.
    if (!BASE64URL.test(part) || part.length % 4 === 1) {
      throw new JwtFormatError(`JWT ${names[i]} is empty or not base64url`);
    }
  });
  return {
    header: decodeJsonObject(headerPart, 'header'),
    payload: decodeJsonObject(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}
