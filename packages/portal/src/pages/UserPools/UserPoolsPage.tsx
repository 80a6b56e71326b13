import { useState } from 'react';
import { listUserPools } from '../../api/user-pools';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { SearchField } from '../../components/SearchField';
import { Table } from '../../components/Table';
import { formatDate } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link } from '../../router';
import { NewUserPoolDialog } from './NewUserPoolDialog';

/** The directories of people my teams run, each with its own sign-in pages and issuer. */
export function UserPoolsPage() {
  const { owners, nameOf } = useTeams();
  const [q, setQ] = useState('');
  const pools = useLoad(() => listUserPools({ q: q.trim() || undefined }), [q]);
  const [creating, setCreating] = useState(false);

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New user pool
    </button>
  );

  return (
    <>
      <PageHeader title="User pools" actions={newButton}>
        <p className="muted">
          People who sign in to your apps: their accounts, the apps they sign in to, and the hosted sign-in
          pages.
        </p>
      </PageHeader>
      <div className="toolbar">
        <SearchField
          id="pool-search"
          label="Search"
          placeholder="Name or pool id"
          value={q}
          onChange={setQ}
        />
      </div>
      {pools.data ? (
        pools.data.length === 0 ? (
          <EmptyState
            title={q ? 'No user pool matches.' : 'No user pools yet.'}
            action={q ? null : newButton}
          >
            A user pool holds the people of your apps and signs them in with OpenID Connect.
          </EmptyState>
        ) : (
          <section className="card" aria-label="User pools">
            <Table
              caption="User pools"
              rows={pools.data}
              rowKey={(p) => p.id}
              columns={[
                {
                  header: 'Name',
                  cell: (p) => <Link to={`/user-pools/${encodeURIComponent(p.id)}`}>{p.name}</Link>,
                },
                { header: 'Pool id', cell: (p) => <code>{p.id}</code> },
                { header: 'Team', cell: (p) => nameOf(p.teamId) },
                {
                  header: 'Sign-up',
                  cell: (p) => (p.settings.selfSignUp ? 'Open' : <span className="muted">Admins only</span>),
                },
                { header: 'Created', className: 'nowrap', cell: (p) => formatDate(p.createdAt) },
              ]}
            />
          </section>
        )
      ) : (
        <LoadState loading={pools.loading} error={pools.error} onRetry={pools.reload} />
      )}
      {creating ? <NewUserPoolDialog teams={owners} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
