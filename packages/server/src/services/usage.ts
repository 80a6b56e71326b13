import type { Usage } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { DAY_MS, utcDay as day, usageSince } from '../store/repos/usage.js';
import type { Actor } from './actor.js';
import type { ClientService } from './clients.js';
import { requireScope } from './authz.js';

/** Tokens issued per client per UTC day, counted in memory on the token path and saved in batches. */
export class UsageService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly clients: ClientService,
  ) {}

  /** One entry per day, zeros included, oldest first, so a chart needs no gap-filling. */
  async forClient(clientId: string, days: number, actor: Actor): Promise<Usage> {
    requireScope(actor, 'clients:read');
    const client = await this.clients.get(clientId, actor);
    const span = Math.min(Math.max(Math.trunc(days) || 30, 1), 366);
    const today = Math.floor(this.clock.now() / DAY_MS);
    const from = today - span + 1;
    const counts = new Map(
      (await usageSince(this.db, clientId, day(from * DAY_MS))).map((r) => [r.day, Number(r.tokens)]),
    );
    const out: Usage['days'] = [];
    let total = 0;
    for (let d = from; d <= today; d++) {
      const key = day(d * DAY_MS);
      const count = counts.get(key) ?? 0;
      total += count;
      out.push({ day: key, count });
    }
    return { days: out, total, lastUsedAt: client.lastUsedAt };
  }
}
