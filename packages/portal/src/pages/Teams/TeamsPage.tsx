import { useState } from 'react';
import { listTeams } from '../../api/teams';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Table } from '../../components/Table';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link, navigate } from '../../router';
import { MyInvitations } from './MyInvitations';
import { NewTeamDialog } from './NewTeamDialog';

export function TeamsPage() {
  const { refresh } = useSession();
  const teams = useLoad(() => listTeams(), []);
  const [creating, setCreating] = useState(false);
  // My teams first, then the rest by name.
  const sorted = [...(teams.data ?? [])].sort(
    (a, b) => Number(b.myRole !== null) - Number(a.myRole !== null) || a.name.localeCompare(b.name),
  );

  return (
    <>
      <PageHeader
        title="Teams"
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New team
          </button>
        }
      >
        <p className="muted">
          Teams own APIs and clients. Owners invite people and decide on access requests.
        </p>
      </PageHeader>
      <MyInvitations onJoined={teams.reload} />
      {teams.data ? (
        sorted.length === 0 ? (
          <EmptyState title="No teams yet">Create the first team; you become its owner.</EmptyState>
        ) : (
          <section className="card" aria-label="All teams">
            <Table
              caption="Teams"
              rows={sorted}
              rowKey={(t) => t.id}
              columns={[
                {
                  header: 'Team',
                  cell: (t) => <Link to={`/teams/${encodeURIComponent(t.id)}`}>{t.name}</Link>,
                },
                { header: 'Slug', cell: (t) => <code>{t.slug}</code> },
                { header: 'Description', cell: (t) => t.description || <span className="muted">—</span> },
                {
                  header: 'Your role',
                  cell: (t) =>
                    t.myRole ? <span className="badge">{t.myRole}</span> : <span className="muted">—</span>,
                },
              ]}
            />
          </section>
        )
      ) : (
        <LoadState loading={teams.loading} error={teams.error} onRetry={teams.reload} />
      )}
      {creating ? (
        <NewTeamDialog
          onClose={() => setCreating(false)}
          onCreated={(team) => {
            setCreating(false);
            void refresh();
            navigate(`/teams/${encodeURIComponent(team.id)}`);
          }}
        />
      ) : null}
    </>
  );
}
