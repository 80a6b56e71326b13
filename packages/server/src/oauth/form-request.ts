import type { IncomingMessage } from 'node:http';
import { FORM_LIMIT, type FormParams, isFormContentType, parseForm, readBody } from '../http/body.js';
import { InvalidRequest } from './errors.js';

/** Every OAuth endpoint takes a POSTed form (RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1). */
export async function readFormRequest(req: IncomingMessage): Promise<FormParams> {
  if (!isFormContentType(req.headers['content-type'])) {
    req.resume();
    throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded');
  }
  return parseForm(await readBody(req, FORM_LIMIT));
}
