/**
 * A revocation list cursor: this deployment's list id and a change-log sequence number. The
 * sequence is the one order every instance shares (both stores hand it out in commit order),
 * so a cursor from one instance means the same on another. The list id is made once per
 * store: a cursor from another deployment, or from before a restore, is never mistaken for
 * one of ours. Clients treat the whole string as opaque.
 */
const CURSOR = /^([A-Za-z0-9_-]{8,64})\.(\d{1,15})$/;

export function encodeCursor(listId: string, seq: number): string {
  return `${listId}.${seq}`;
}

/** The sequence number of one of our cursors; undefined for anything else. */
export function decodeCursor(cursor: string, listId: string): number | undefined {
  const match = CURSOR.exec(cursor);
  if (!match || match[1] !== listId) return undefined;
  return Number(match[2]);
}
