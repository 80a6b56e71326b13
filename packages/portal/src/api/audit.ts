import { http, query } from './http';
import type { AuditEvent } from './types';

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  team?: string;
  since?: string;
  until?: string;
}

export const listAudit = (filter: AuditFilter, cursor?: string, limit = 50) =>
  http.get<{ events: AuditEvent[]; nextCursor: string | null }>(
    '/api/v1/audit' + query({ ...filter, limit, cursor }),
  );

/** A plain link: the browser downloads the NDJSON with the session cookie. */
export const auditExportUrl = (filter: AuditFilter) => '/api/v1/audit/export' + query({ ...filter });
