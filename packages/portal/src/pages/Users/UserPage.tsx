import type { AccountSession } from '@gatehouse/schemas';
import { useState } from 'react';
import {
  deleteUser,
  disableUser,
  enableUser,
  endUserSessions,
  getUser,
  userSessions,
} from '../../api/accounts';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/toast-context';
import { formatDate, formatRelative, plural } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link, navigate } from '../../router';
import { SessionsTable } from './SessionsTable';
import { SetPasswordDialog } from './SetPasswordDialog';

type Pending = 'password' | 'disable' | 'delete' | 'end-all' | { end: AccountSession } | null;

/** One portal account, for platform admins: a new password, disable or enable, delete, and sessions. */
export function UserPage({ id }: { id: string }) {
  const { me } = useSession();
  const notify = useToast();
  const user = useLoad(() => getUser(id), [id]);
  const sessions = useLoad(() => userSessions(id), [id]);
  const [pending, setPending] = useState<Pending>(null);
  const close = () => setPending(null);
  const done = () => {
    setPending(null);
    user.reload();
    sessions.reload();
  };

  const header = <Link to="/users">All users</Link>;
  if (!user.data) {
    return (
      <>
        <PageHeader title="User" eyebrow={header} />
        <LoadState loading={user.loading} error={user.error} onRetry={user.reload} />
      </>
    );
  }
  const u = user.data;
  const self = u.id === me.user.id;
  const disabled = u.disabledAt !== null;

  return (
    <>
      <PageHeader
        title={u.name}
        eyebrow={header}
        actions={
          <>
            {u.source === 'local' ? (
              <button type="button" className="button" onClick={() => setPending('password')}>
                Set password
              </button>
            ) : null}
            {disabled ? (
              <button
                type="button"
                className="button"
                onClick={() =>
                  enableUser(u.id).then(
                    () => {
                      notify(`${u.email} can sign in again.`);
                      done();
                    },
                    () => notify('Could not enable the account. Try again.', 'error'),
                  )
                }
              >
                Enable
              </button>
            ) : (
              <button type="button" className="button" onClick={() => setPending('disable')}>
                Disable
              </button>
            )}
            <button type="button" className="button button-danger" onClick={() => setPending('delete')}>
              Delete user
            </button>
          </>
        }
      >
        <p className="muted">
          {u.email} · {u.isAdmin ? 'Platform admin' : 'User'} ·{' '}
          {u.source === 'sso' ? 'Single sign-on' : 'Password'} · created {formatDate(u.createdAt)} · last
          sign-in {formatRelative(u.lastSignInAt)}
          {disabled ? (
            <>
              {' '}
              · <span className="badge badge-danger">Disabled</span>
            </>
          ) : null}
        </p>
      </PageHeader>

      <div className="sections">
        <section className="card" aria-label="Sessions">
          <div className="section-header">
            <h2>Sessions</h2>
            {sessions.data && sessions.data.length > 0 ? (
              <button type="button" className="button" onClick={() => setPending('end-all')}>
                End all sessions
              </button>
            ) : null}
          </div>
          {sessions.data ? (
            <SessionsTable sessions={sessions.data} onEnd={(s) => setPending({ end: s })} />
          ) : (
            <LoadState loading={sessions.loading} error={sessions.error} onRetry={sessions.reload} />
          )}
        </section>
      </div>

      {pending === 'password' ? <SetPasswordDialog user={u} onClose={close} onDone={done} /> : null}
      {pending === 'disable' ? (
        <ConfirmDialog
          title={`Disable ${u.name}?`}
          confirmLabel="Disable"
          onClose={close}
          onConfirm={async () => {
            await disableUser(u.id);
            notify(`${u.email} is disabled; their sessions have ended.`);
            if (self) window.location.assign('/login');
            else done();
          }}
        >
          {u.email} will not be able to sign in, with a password or single sign-on, and every session of
          theirs ends now. You can enable the account again later.
        </ConfirmDialog>
      ) : null}
      {pending === 'delete' ? (
        <ConfirmDialog
          title={self ? 'Delete your own account?' : `Delete ${u.name}?`}
          confirmLabel="Delete user"
          typeToConfirm={u.email}
          onClose={close}
          onConfirm={async () => {
            await deleteUser(u.id, self ? u.email : undefined);
            if (self) {
              window.location.assign('/login');
              return;
            }
            notify(`Deleted ${u.email}.`);
            navigate('/users');
          }}
        >
          {self ? 'You will be signed out and cannot sign in again. ' : ''}
          The account, its sessions and its team memberships go. The audit log keeps what it did, under its
          email.
        </ConfirmDialog>
      ) : null}
      {pending === 'end-all' ? (
        <ConfirmDialog
          title={`End every session of ${u.name}?`}
          confirmLabel="End sessions"
          onClose={close}
          onConfirm={async () => {
            const { ended } = await endUserSessions(u.id);
            notify(`Ended ${plural(ended, 'session')}.`);
            if (self) window.location.assign('/login');
            else done();
          }}
        >
          They will need to sign in again.
        </ConfirmDialog>
      ) : null}
      {pending !== null && typeof pending === 'object' ? (
        <ConfirmDialog
          title="End this session?"
          confirmLabel="End session"
          onClose={close}
          onConfirm={async () => {
            await endUserSessions(u.id, pending.end.id);
            notify('Session ended.');
            if (pending.end.current) window.location.assign('/login');
            else done();
          }}
        >
          The browser that holds it will need to sign in again.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
