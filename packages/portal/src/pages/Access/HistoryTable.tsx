import type { AccessRequest } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { Table } from '../../components/Table';
import { formatDateTime } from '../../lib/format';

const STATUS_CLASS: Record<AccessRequest['status'], string> = {
  pending: 'badge',
  approved: 'badge badge-ok',
  denied: 'badge badge-danger',
  cancelled: 'badge',
  expired: 'badge',
};

/** Decided requests: who asked, who decided, when, and what they said. */
export function HistoryTable({ requests }: { requests: AccessRequest[] }) {
  if (requests.length === 0) return <EmptyState title="No decided requests yet" />;
  const sorted = [...requests].sort((a, b) =>
    (b.decidedAt ?? b.createdAt).localeCompare(a.decidedAt ?? a.createdAt),
  );
  return (
    <div className="card card-flush">
      <Table
        caption="Decided access requests"
        rows={sorted}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Status', cell: (r) => <span className={STATUS_CLASS[r.status]}>{r.status}</span> },
          {
            header: 'Client',
            cell: (r) => (
              <>
                {r.client.name} <span className="muted">({r.client.teamName})</span>
              </>
            ),
          },
          { header: 'Scope', cell: (r) => <code>{r.qualifiedScope}</code> },
          { header: 'Requested by', cell: (r) => r.requestedBy.name },
          { header: 'Decided by', cell: (r) => r.decidedBy?.name ?? '—' },
          { header: 'When', className: 'nowrap', cell: (r) => formatDateTime(r.decidedAt ?? r.createdAt) },
          { header: 'Comment', cell: (r) => r.comment || <span className="muted">—</span> },
          {
            header: 'Access until',
            className: 'nowrap',
            cell: (r) =>
              r.status === 'approved'
                ? r.permissionExpiresAt
                  ? formatDateTime(r.permissionExpiresAt)
                  : 'No expiry'
                : '—',
          },
        ]}
      />
    </div>
  );
}
