/**
 * One versioned schema change, applied at start in its own transaction. Released migrations
 * are never edited: a change to the schema is a new file here, listed in index.ts.
 * Two placeholders stand for the dialect differences: `{{seq}}`, an ever-increasing integer
 * key, and `{{clustered}}` after a table's closing parenthesis, stored in its primary key's order.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
