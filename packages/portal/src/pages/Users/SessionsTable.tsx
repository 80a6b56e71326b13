import type { AccountSession } from '@gatehouse/schemas';
import { Table } from '../../components/Table';
import { formatDateTime, formatRelative } from '../../lib/format';

/** Portal sessions, with an End button each; the one in use is marked. */
export function SessionsTable({
  sessions,
  onEnd,
}: {
  sessions: AccountSession[];
  onEnd: (session: AccountSession) => void;
}) {
  if (sessions.length === 0) return <p className="muted">No sessions.</p>;
  return (
    <Table
      caption="Sessions"
      rows={sessions}
      rowKey={(s) => s.id}
      columns={[
        {
          header: 'Signed in',
          className: 'nowrap',
          cell: (s) => (
            <>
              {formatDateTime(s.createdAt)} {s.current ? <span className="badge">This session</span> : null}
            </>
          ),
        },
        { header: 'Last seen', className: 'nowrap', cell: (s) => formatRelative(s.lastSeenAt) },
        { header: 'Address', cell: (s) => s.ip ?? '—' },
        { header: 'Browser', cell: (s) => <span className="muted">{s.userAgent ?? '—'}</span> },
        {
          header: 'Actions',
          cell: (s) => (
            <button
              type="button"
              className="button button-small"
              aria-label={`End session signed in ${formatDateTime(s.createdAt)}${s.current ? ' (this session)' : ''}`}
              onClick={() => onEnd(s)}
            >
              End
            </button>
          ),
        },
      ]}
    />
  );
}
