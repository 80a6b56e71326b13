import { single } from '../form-request.js';
import { InvalidClient } from '../errors.js';
import type { ClientAuthMethod } from './method.js';
import { checkSecret } from './secret.js';

/**
 * RFC 6749 §2.3.1: client_id and client_secret in the form body, which the RFC discourages; only
 * clients registered for it may use it (every secret client may use Basic).
 */
export const secretPost: ClientAuthMethod = {
  method: 'client_secret_post',
  present: (ctx) => ctx.params.has('client_secret'),
  async authenticate(ctx) {
    const clientId = single(ctx.params, 'client_id');
    const secret = single(ctx.params, 'client_secret');
    if (clientId === undefined || secret === undefined) throw new InvalidClient('client_id is required');
    return checkSecret(ctx, clientId, secret, ['client_secret_post']);
  },
};
