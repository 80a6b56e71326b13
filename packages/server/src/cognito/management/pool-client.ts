import { NotFoundError } from '../../services/errors.js';
import { noSuchClient } from '../errors.js';

/** Runs a call on one app client; a client the pool does not have is Cognito's ResourceNotFound. */
export async function onPoolClient<T>(clientId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotFoundError) throw noSuchClient(clientId);
    throw error;
  }
}
