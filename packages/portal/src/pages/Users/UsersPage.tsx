import { useState } from 'react';
import { listUsers } from '../../api/teams';
import { Alert } from '../../components/Alert';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Table } from '../../components/Table';
import { formatDate, formatRelative } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link } from '../../router';
import { NewUserDialog } from './NewUserDialog';

/** Platform admins only: everyone who can sign in, and new local accounts. */
export function UsersPage() {
  const { me, config } = useSession();
  const users = useLoad(() => (me.user.isAdmin ? listUsers() : Promise.resolve([])), [me.user.isAdmin]);
  const [creating, setCreating] = useState(false);

  if (!me.user.isAdmin) {
    return (
      <>
        <PageHeader title="Users" />
        <Alert>Only platform admins can see this page.</Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Users"
        actions={
          config.localLogin ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New user
            </button>
          ) : null
        }
      >
        <p className="muted">People who can sign in. Add them to teams from each team’s page.</p>
      </PageHeader>
      {users.data ? (
        <section className="card" aria-label="All users">
          <Table
            caption="Users"
            rows={users.data}
            rowKey={(u) => u.id}
            columns={[
              {
                header: 'Name',
                cell: (u) => <Link to={`/users/${encodeURIComponent(u.id)}`}>{u.name}</Link>,
              },
              { header: 'Email', cell: (u) => u.email },
              {
                header: 'Role',
                cell: (u) =>
                  u.isAdmin ? (
                    <span className="badge">Platform admin</span>
                  ) : (
                    <span className="muted">User</span>
                  ),
              },
              { header: 'Sign-in', cell: (u) => (u.source === 'sso' ? 'Single sign-on' : 'Password') },
              { header: 'Created', className: 'nowrap', cell: (u) => formatDate(u.createdAt) },
              { header: 'Last sign-in', className: 'nowrap', cell: (u) => formatRelative(u.lastSignInAt) },
              {
                header: 'Status',
                cell: (u) =>
                  u.disabledAt === null ? (
                    <span className="muted">Enabled</span>
                  ) : (
                    <span className="badge badge-danger">Disabled</span>
                  ),
              },
            ]}
          />
        </section>
      ) : (
        <LoadState loading={users.loading} error={users.error} onRetry={users.reload} />
      )}
      {creating ? (
        <NewUserDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            users.reload();
          }}
        />
      ) : null}
    </>
  );
}
