import Database from 'better-sqlite3';

export interface Order {
  id: number;
  item: string;
  quantity: number;
  placedBy: string;
  placedAt: string;
}

/** The orders themselves, in one SQLite file: the API's own data, nothing to do with Gatehouse. */
export class OrdersStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS orders (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      placed_by TEXT NOT NULL,
      placed_at TEXT NOT NULL
    )`);
  }

  place(item: string, quantity: number, placedBy: string): Order {
    const placedAt = new Date().toISOString();
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO orders (item, quantity, placed_by, placed_at) VALUES (?, ?, ?, ?)')
      .run(item, quantity, placedBy, placedAt);
    return { id: Number(lastInsertRowid), item, quantity, placedBy, placedAt };
  }

  list(): Order[] {
    return this.db
      .prepare(
        'SELECT id, item, quantity, placed_by AS placedBy, placed_at AS placedAt FROM orders ORDER BY id',
      )
      .all() as Order[];
  }

  close(): void {
    this.db.close();
  }
}
