import type { PoolUser } from '@gatehouse/schemas';
import { listPoolUserSessions, revokePoolUserSession } from '../../api/user-pools';
import { errorMessage } from '../../api/error';
import { Dialog } from '../../components/Dialog';
import { LoadState } from '../../components/LoadState';
import { Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

interface UserSessionsDialogProps {
  poolId: string;
  user: PoolUser;
  canEdit: boolean;
  onClose: () => void;
}

/** Where the user is signed in at the pool's hosted pages; each session can be ended. */
export function UserSessionsDialog({ poolId, user, canEdit, onClose }: UserSessionsDialogProps) {
  const notify = useToast();
  const sessions = useLoad(() => listPoolUserSessions(poolId, user.username), [poolId, user.username]);
  const revoke = (id: string) =>
    revokePoolUserSession(poolId, user.username, id).then(
      () => {
        notify('Session ended.');
        sessions.reload();
      },
      (e: unknown) => notify(errorMessage(e), 'error'),
    );
  return (
    <Dialog title={`Sessions of ${user.username}`} onClose={onClose} wide>
      {sessions.data ? (
        sessions.data.length === 0 ? (
          <p className="muted">Not signed in anywhere.</p>
        ) : (
          <Table
            caption={`Sessions of ${user.username}`}
            rows={sessions.data}
            rowKey={(s) => s.id}
            columns={[
              { header: 'Signed in', className: 'nowrap', cell: (s) => formatDateTime(s.authTime) },
              { header: 'Last seen', className: 'nowrap', cell: (s) => formatRelative(s.lastSeenAt) },
              { header: 'Ends', className: 'nowrap', cell: (s) => formatDateTime(s.expiresAt) },
              { header: 'Address', cell: (s) => s.ip ?? '' },
              { header: 'Browser', cell: (s) => <span className="muted">{s.userAgent ?? ''}</span> },
              ...(canEdit
                ? [
                    {
                      header: <span className="visually-hidden">Actions</span>,
                      className: 'actions' as const,
                      cell: (s: { id: string }) => (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => void revoke(s.id)}
                        >
                          End session
                        </button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )
      ) : (
        <LoadState loading={sessions.loading} error={sessions.error} onRetry={sessions.reload} />
      )}
    </Dialog>
  );
}
