import { auditEventSchema, text } from '@gatehouse/schemas';
import { z } from 'zod';
import type { AuditFilter } from '../../services/audit.js';
import { ANSWERED, route } from '../route.js';

const TAG = 'Audit';

const when = text()
  .max(40)
  .refine(
    (v) => !Number.isNaN(Date.parse(v)),
    'must be a date or time such as 2026-11-30 or 2026-11-30T12:00:00Z',
  )
  .transform((v) => Date.parse(v));

/** A cursor is the `seq` of the last event of a page, as `nextCursor` gave it out. */
const cursorSchema = text().refine(
  (v) => /^\d{1,16}$/.test(v) && Number(v) <= Number.MAX_SAFE_INTEGER,
  'is not a cursor from this API: pass nextCursor from the previous page as it is',
);

const filterQuery = z.object({
  actor: text().max(200).optional(),
  action: text().max(100).optional(),
  targetType: text().max(50).optional(),
  targetId: text().max(200).optional(),
  team: text().max(100).optional(),
  since: when.optional(),
  until: when.optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const auditRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/audit',
    summary: 'Audit events, newest first (platform admins: all; others: their teams)',
    tag: TAG,
    query: filterQuery,
    response: z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
    async handler({ server, actor, query }) {
      return server.gatehouse.audit.list(actor, query as AuditFilter);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/audit/export',
    summary: 'The same events as JSON lines, every page, for a SIEM or a file',
    tag: TAG,
    query: filterQuery.omit({ limit: true }),
    produces: 'application/x-ndjson',
    async handler({ server, actor, query, res }) {
      // The first page is read before answering, so a refusal is still a proper error answer.
      let page = await server.gatehouse.audit.list(actor, { ...(query as AuditFilter), limit: 1000 });
      res.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': 'attachment; filename="gatehouse-audit.jsonl"',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      for (;;) {
        for (const event of page.events) res.write(`${JSON.stringify(event)}\n`);
        if (!page.nextCursor) break;
        page = await server.gatehouse.audit.list(actor, {
          ...(query as AuditFilter),
          cursor: page.nextCursor,
          limit: 1000,
        });
      }
      res.end();
      return ANSWERED;
    },
  }),
];
