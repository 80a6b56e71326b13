/**
 * One versioned schema change, applied at start in its own transaction. Released migrations
 * are never edited: a change to the schema is a new file here, listed in index.ts.
 * `{{seq}}` is the one dialect difference: an ever-increasing integer key.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
