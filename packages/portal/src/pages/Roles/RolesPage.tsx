import { useState } from 'react';
import { listRoles } from '../../api/roles';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Table } from '../../components/Table';
import { plural } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link, navigate } from '../../router';
import { NewRoleDialog } from './NewRoleDialog';

/** The roles of my teams (platform admins: all), by team. */
export function RolesPage() {
  const roles = useLoad(() => listRoles(), []);
  const { owners, nameOf } = useTeams();
  const [creating, setCreating] = useState(false);
  const sorted = [...(roles.data ?? [])].sort(
    (a, b) => nameOf(a.teamId).localeCompare(nameOf(b.teamId)) || a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader
        title="Roles"
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New role
          </button>
        }
      >
        <p className="muted">
          A role bundles scopes, of your team’s APIs or of others’ that approved an access request, under one
          name. A client holding the role may request every scope in it; changes apply within a second.
        </p>
      </PageHeader>
      {roles.data ? (
        sorted.length === 0 ? (
          <EmptyState title="No roles yet">
            Make a role, then give it to clients from their pages instead of adding scopes one by one.
          </EmptyState>
        ) : (
          <section className="card" aria-label="Roles">
            <Table
              caption="Roles"
              rows={sorted}
              rowKey={(r) => r.id}
              columns={[
                {
                  header: 'Role',
                  cell: (r) => <Link to={`/roles/${encodeURIComponent(r.id)}`}>{r.name}</Link>,
                },
                { header: 'Team', cell: (r) => nameOf(r.teamId) },
                { header: 'Scopes', cell: (r) => plural(r.scopes.length, 'scope') },
                { header: 'Holders', cell: (r) => plural(r.holders.length, 'client') },
                { header: 'Description', cell: (r) => r.description || <span className="muted">—</span> },
              ]}
            />
          </section>
        )
      ) : (
        <LoadState loading={roles.loading} error={roles.error} onRetry={roles.reload} />
      )}
      {creating ? (
        <NewRoleDialog
          teams={owners}
          onClose={() => setCreating(false)}
          onCreated={(role) => {
            setCreating(false);
            navigate(`/roles/${encodeURIComponent(role.id)}`);
          }}
        />
      ) : null}
    </>
  );
}
