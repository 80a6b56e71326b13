import { useState } from 'react';
import type { PoolUser, UserPool } from '@gatehouse/schemas';
import { errorMessage } from '../../api/error';
import {
  changePoolUserState,
  deletePoolUser,
  listPoolUsers,
  resendConfirmationCode,
  signOutPoolUser,
} from '../../api/user-pools';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { SearchField } from '../../components/SearchField';
import { Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDate, plural } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { NewPoolUserDialog } from './NewPoolUserDialog';
import { SetPasswordDialog } from './SetPasswordDialog';
import { UserSessionsDialog } from './UserSessionsDialog';

type Open = { kind: 'new' } | { kind: 'password' | 'sessions' | 'delete'; user: PoolUser } | null;

function StatusBadge({ user }: { user: PoolUser }) {
  const tone = user.status === 'CONFIRMED' ? 'badge badge-ok' : 'badge';
  return (
    <>
      <span className={tone}>{user.status}</span>{' '}
      {user.enabled ? null : <span className="badge badge-danger">Disabled</span>}
    </>
  );
}

export function PoolUsersSection({ pool, canEdit }: { pool: UserPool; canEdit: boolean }) {
  const notify = useToast();
  const [search, setSearch] = useState('');
  const users = useLoad(() => listPoolUsers(pool.id, search.trim() || undefined), [pool.id, search]);
  const [open, setOpen] = useState<Open>(null);

  const act = (user: PoolUser, action: 'confirm' | 'enable' | 'disable') =>
    changePoolUserState(pool.id, user.username, action).then(
      (next) => {
        notify(`${next.username} is now ${action === 'confirm' ? 'confirmed' : `${action}d`}.`);
        users.reload();
      },
      (e: unknown) => notify(errorMessage(e), 'error'),
    );
  const resend = (user: PoolUser) =>
    resendConfirmationCode(pool.id, user.username).then(
      (r) =>
        r.codeSent
          ? notify(`A new code is on its way to ${r.user.email ?? r.user.username}.`)
          : notify(`No code could be sent to ${user.username}: check the pool's mail settings.`, 'error'),
      (e: unknown) => notify(errorMessage(e), 'error'),
    );
  const signOut = (user: PoolUser) =>
    signOutPoolUser(pool.id, user.username).then(
      (r) =>
        notify(
          `${user.username} signed out: ${plural(r.sessionsEnded, 'session')} ended, ${plural(r.refreshTokensRevoked, 'refresh token')} revoked.`,
        ),
      (e: unknown) => notify(errorMessage(e), 'error'),
    );

  const small = 'button button-small';
  return (
    <div className="sections">
      <div className="toolbar">
        <SearchField
          id="pool-user-search"
          label="Search users"
          placeholder="Start of a username or email"
          value={search}
          onChange={setSearch}
        />
        {canEdit ? (
          <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'new' })}>
            New user
          </button>
        ) : null}
      </div>
      {users.data ? (
        users.data.length === 0 ? (
          <EmptyState title={search ? 'No user matches.' : 'No users yet.'}>
            People join by signing up on the hosted page (when self sign-up is on), or an admin creates them.
          </EmptyState>
        ) : (
          <section className="card" aria-label="Users of the pool">
            <Table
              caption="Users of the pool"
              rows={users.data}
              rowKey={(u) => u.sub}
              columns={[
                { header: 'Username', cell: (u) => u.username },
                {
                  header: 'Email',
                  cell: (u) => (
                    <>
                      {u.email ?? ''}{' '}
                      {u.email && !u.emailVerified ? <span className="muted">(unverified)</span> : null}
                    </>
                  ),
                },
                { header: 'Status', cell: (u) => <StatusBadge user={u} /> },
                { header: 'Groups', cell: (u) => u.groups.join(', ') },
                { header: 'Created', className: 'nowrap', cell: (u) => formatDate(u.createdAt) },
                {
                  header: <span className="visually-hidden">Actions</span>,
                  className: 'actions',
                  cell: (u) => (
                    <div className="row-actions">
                      {canEdit && u.status === 'UNCONFIRMED' ? (
                        <button type="button" className={small} onClick={() => void act(u, 'confirm')}>
                          Confirm {u.username}
                        </button>
                      ) : null}
                      {canEdit && u.status === 'UNCONFIRMED' && u.email ? (
                        <button type="button" className={small} onClick={() => void resend(u)}>
                          Resend code to {u.username}
                        </button>
                      ) : null}
                      {canEdit ? (
                        <button
                          type="button"
                          className={small}
                          onClick={() => void act(u, u.enabled ? 'disable' : 'enable')}
                        >
                          {u.enabled ? 'Disable' : 'Enable'} {u.username}
                        </button>
                      ) : null}
                      {canEdit ? (
                        <button
                          type="button"
                          className={small}
                          onClick={() => setOpen({ kind: 'password', user: u })}
                        >
                          Set password for {u.username}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className={small}
                        onClick={() => setOpen({ kind: 'sessions', user: u })}
                      >
                        Sessions of {u.username}
                      </button>
                      {canEdit ? (
                        <button type="button" className={small} onClick={() => void signOut(u)}>
                          Sign out {u.username}
                        </button>
                      ) : null}
                      {canEdit ? (
                        <button
                          type="button"
                          className={`${small} button-danger`}
                          onClick={() => setOpen({ kind: 'delete', user: u })}
                        >
                          Delete {u.username}
                        </button>
                      ) : null}
                    </div>
                  ),
                },
              ]}
            />
          </section>
        )
      ) : (
        <LoadState loading={users.loading} error={users.error} onRetry={users.reload} />
      )}
      {open?.kind === 'new' ? (
        <NewPoolUserDialog
          poolId={pool.id}
          onClose={() => setOpen(null)}
          onCreated={(user, codeSent) => {
            setOpen(null);
            notify(
              codeSent === false && user.status === 'UNCONFIRMED'
                ? `User ${user.username} signed up, but no code could be sent: resend it later.`
                : `User ${user.username} created (${user.status}).`,
            );
            users.reload();
          }}
        />
      ) : null}
      {open?.kind === 'password' ? (
        <SetPasswordDialog
          poolId={pool.id}
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={(user) => {
            setOpen(null);
            notify(`Password set for ${user.username}.`);
            users.reload();
          }}
        />
      ) : null}
      {open?.kind === 'sessions' ? (
        <UserSessionsDialog
          poolId={pool.id}
          user={open.user}
          canEdit={canEdit}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${open.user.username}?`}
          confirmLabel="Delete user"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await deletePoolUser(pool.id, open.user.username);
            setOpen(null);
            notify(`User ${open.user.username} deleted.`);
            users.reload();
          }}
        >
          <p>
            Their sessions and tokens end, and they leave every group. Their sub is never given to anyone
            else.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
