import type { IssuedSecret } from '../api/types';

// A new secret travels from the form that made it to the client page in memory only: never in the
// URL or history state, so it is gone after a reload, as "shown once" promises.
const fresh = new Map<string, IssuedSecret>();

export function keepFreshSecret(clientId: string, secret: IssuedSecret): void {
  fresh.set(clientId, secret);
}

/** Read in a state initializer, which may run twice; the page forgets it once mounted. */
export function peekFreshSecret(clientId: string): IssuedSecret | null {
  return fresh.get(clientId) ?? null;
}

export function forgetFreshSecret(clientId: string): void {
  fresh.delete(clientId);
}
