import type { Db } from '../../store/db.js';
import type { MintedTokens } from './pool-tokens.js';

/**
 * What a grant decided inside its group's transaction (GroupCommit). A refusal is returned, not
 * thrown: a throw rolls the whole group back and runs every piece again alone, which one bad
 * token per group would turn into a transaction per request. `Refusal` says what the caller
 * undoes once the group has committed.
 */
export type GroupPieceOutcome<Issued extends object, Refusal extends object> =
  ({ minting: Promise<MintedTokens> } & Issued) | ({ refused: unknown } & Refusal);

/**
 * Tokens signing while the store writes. If the group is rolled back and the piece runs again,
 * this attempt's tokens are never sent: its failure must not surface as an unhandled rejection.
 */
export function signedAside(minting: Promise<MintedTokens>): Promise<MintedTokens> {
  minting.catch(() => undefined);
  return minting;
}

/** A check or the token minting failed before the piece wrote anything: this request's answer alone. */
export function refusedBeforeWriting(error: unknown): { refused: unknown } {
  return { refused: error };
}

/**
 * Where a grant's read runs. SQLite: inside the group's transaction, where it needs no read
 * transaction of its own (about 8 µs a grant). PostgreSQL: before the group, on a connection of
 * its own, so the group's transaction, and the rows it has locked, is not held open one more
 * round trip per grant; what the group's conditional writes decide is the same either way.
 */
export async function groupRead<T>(db: Db, read: (on: Db) => Promise<T>): Promise<(tx: Db) => Promise<T>> {
  if (db.dialect === 'sqlite') return read;
  const done = await read(db);
  return () => Promise.resolve(done);
}
