import type { IncomingMessage } from 'node:http';
import { hasControlCharacters } from '@gatehouse/schemas';
import { readBody } from '../http/body.js';
import { InvalidRequest } from './errors.js';

/** OAuth requests are a handful of short parameters; 16 KiB leaves room for a large client assertion. */
export const FORM_LIMIT = 16 * 1024;

/** Every OAuth endpoint takes a POSTed form (RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1). */
export async function readFormRequest(req: IncomingMessage): Promise<FormParams> {
  if (!isFormContentType(req.headers['content-type'])) {
    req.resume();
    throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded');
  }
  return parseForm(await readBody(req, FORM_LIMIT));
}

/** `application/x-www-form-urlencoded`, with or without a charset parameter; nothing else. */
function isFormContentType(header: string | undefined): boolean {
  if (!header) return false;
  const semi = header.indexOf(';');
  const type = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/** Parameters that RFC 8707 lets appear more than once. */
const REPEATABLE = new Set(['resource']);

export type FormParams = ReadonlyMap<string, readonly string[]>;

/**
 * RFC 6749 §3.2: parameters must not repeat, and empty values count as absent.
 * Returns each name with its values in order.
 */
function parseForm(body: Buffer): FormParams {
  const text = body.toString('utf8');
  if (text.includes('\uFFFD')) throw new InvalidRequest('request body is not valid UTF-8');
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    // No OAuth parameter holds a control character; refused here, they never reach the store.
    if (hasControlCharacters(name) || hasControlCharacters(value)) {
      throw new InvalidRequest(`${parameter(name)} contains a control character`, {
        parameter: printable(name),
      });
    }
    if (value === '') continue;
    const values = params.get(name);
    if (values === undefined) params.set(name, [value]);
    else if (REPEATABLE.has(name)) values.push(value);
    else
      throw new InvalidRequest(`${parameter(name)} is included more than once`, {
        parameter: printable(name),
      });
  }
  return params;
}

export function single(params: FormParams, name: string): string | undefined {
  return params.get(name)?.[0];
}

/** The parameters Gatehouse reads: their names are its own words, safe to name in an answer. */
const KNOWN = new Set([
  'grant_type',
  'scope',
  'resource',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'token',
  'token_type_hint',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'access_token',
]);

/** Names a parameter in a description only when it is one Gatehouse knows, never the caller's own text. */
function parameter(name: string): string {
  return KNOWN.has(name) ? `parameter "${name}"` : 'a parameter';
}

/** A name fit for the log: control characters shown as `?`, and bounded. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return truncate(name.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?'));
}

export function truncate(value: string, max = 64): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * What a grant may read: only the parameters it declared, so a parameter meant for another
 * grant (a `code`, a `refresh_token`) can never change what this one does.
 */
export function onlyDeclared(params: FormParams, names: ReadonlySet<string>): FormParams {
  const own = new Map<string, readonly string[]>();
  for (const name of names) {
    const values = params.get(name);
    if (values !== undefined) own.set(name, values);
  }
  return own;
}
