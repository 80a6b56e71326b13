import { useState } from 'react';
import { deleteUserPool, getUserPool } from '../../api/user-pools';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { useToast } from '../../components/toast-context';
import { canManageTeam, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link, navigate, useLocation } from '../../router';
import { AppClientsSection } from './AppClientsSection';
import { PoolGroupsSection } from './PoolGroupsSection';
import { PoolSettingsSection } from './PoolSettingsSection';
import { PoolUsersSection } from './PoolUsersSection';

const TABS = [
  { id: 'settings', label: 'Settings' },
  { id: 'clients', label: 'App clients' },
  { id: 'users', label: 'Users' },
  { id: 'groups', label: 'Groups' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function UserPoolPage({ poolId }: { poolId: string }) {
  const { me } = useSession();
  const { nameOf } = useTeams();
  const notify = useToast();
  const { search } = useLocation();
  const pool = useLoad(() => getUserPool(poolId), [poolId]);
  const [deleting, setDeleting] = useState(false);
  const tab: Tab = TABS.find((t) => t.id === search.get('tab'))?.id ?? 'settings';
  const here = `/user-pools/${encodeURIComponent(poolId)}`;

  if (!pool.data) {
    return (
      <>
        <PageHeader title="User pool" eyebrow={<Link to="/user-pools">User pools</Link>} />
        <LoadState loading={pool.loading} error={pool.error} onRetry={pool.reload} />
      </>
    );
  }
  const p = pool.data;
  const manage = canManageTeam(me, p.teamId);

  return (
    <>
      <PageHeader
        title={p.name}
        eyebrow={
          <>
            <Link to="/user-pools">User pools</Link> / User pool · {nameOf(p.teamId)}
          </>
        }
      >
        <dl className="details">
          <dt>Pool id</dt>
          <dd className="copy-row">
            <code data-testid="pool-id">{p.id}</code>
            <CopyButton text={p.id} label="Copy pool id" />
          </dd>
          <dt>Issuer</dt>
          <dd className="copy-row">
            <code data-testid="pool-issuer">{p.issuer}</code>
            <CopyButton text={p.issuer} label="Copy issuer" />
          </dd>
        </dl>
      </PageHeader>
      <Tabs
        label="User pool"
        tabs={[...TABS]}
        current={tab}
        onChange={(id) => navigate(id === 'settings' ? here : `${here}?tab=${id}`, { replace: true })}
      >
        {tab === 'settings' ? (
          <div className="sections">
            <PoolSettingsSection pool={p} canEdit={manage} onSaved={pool.setData} />
            {manage ? (
              <section className="card card-danger" aria-labelledby="pool-danger-heading">
                <h2 id="pool-danger-heading">Delete</h2>
                <div className="danger-row">
                  <p>
                    Deleting the pool deletes its app clients, users, groups and sessions. Tokens stop
                    working.
                  </p>
                  <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                    Delete user pool
                  </button>
                </div>
              </section>
            ) : null}
          </div>
        ) : null}
        {tab === 'clients' ? <AppClientsSection pool={p} canEdit={manage} /> : null}
        {tab === 'users' ? <PoolUsersSection pool={p} canEdit={manage} /> : null}
        {tab === 'groups' ? <PoolGroupsSection pool={p} canEdit={manage} /> : null}
      </Tabs>
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${p.name}?`}
          confirmLabel="Delete user pool"
          typeToConfirm={p.name}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteUserPool(p.id);
            notify(`User pool “${p.name}” deleted.`);
            navigate('/user-pools');
          }}
        >
          <p>Every user, app client, group and session of this pool is deleted. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
