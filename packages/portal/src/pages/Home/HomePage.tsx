import { useState } from 'react';
import { listClients } from '../../api/clients';
import { listResourceServers } from '../../api/resource-servers';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { navigate, useLocation } from '../../router';
import { NewResourceServerDialog } from '../ResourceServers/NewResourceServerDialog';
import { NewClientDialog } from '../Clients/NewClientDialog';
import { MyInvitations } from '../Teams/MyInvitations';
import { NewTeamDialog } from '../Teams/NewTeamDialog';
import { ResourceServerList } from './ResourceServerList';
import { ClientList } from './ClientList';
import { HomeToolbar } from './HomeToolbar';

type Open = 'resource-server' | 'client' | 'team' | null;

/** My teams' APIs and clients, side by side, with one search over both. */
export function HomePage() {
  const { me, refresh } = useSession();
  const { search } = useLocation();
  const team = search.get('team') ?? '';
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Open>(null);
  const teams = useTeams();

  const servers = useLoad(() => listResourceServers({ team: team || undefined }), [team]);
  const clients = useLoad(() => listClients({ team: team || undefined }), [team]);
  const noTeam = me.teams.length === 0 && !me.user.isAdmin;

  const setTeam = (id: string) => navigate(id ? `/?team=${encodeURIComponent(id)}` : '/', { replace: true });

  return (
    <>
      <PageHeader
        title="Your APIs and clients"
        actions={
          noTeam ? null : (
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={() => setOpen('resource-server')}
              >
                New API
              </button>
              <button type="button" className="button button-primary" onClick={() => setOpen('client')}>
                New client
              </button>
            </>
          )
        }
      >
        <p className="muted">
          APIs accept tokens; clients are the services and partners that call them with the scopes they are
          permitted.
        </p>
      </PageHeader>
      <MyInvitations
        onJoined={() => {
          servers.reload();
          clients.reload();
        }}
      />

      {noTeam ? (
        <EmptyState
          title="You are not in a team yet"
          action={
            <button type="button" className="button button-primary" onClick={() => setOpen('team')}>
              Create a team
            </button>
          }
        >
          APIs and clients belong to teams. Create a team for the people you work with, or ask a team owner to
          invite you to theirs.
        </EmptyState>
      ) : (
        <>
          {me.teams.length === 0 ? (
            <div className="notice">
              <p>
                You are not in a team yet. APIs and clients belong to teams: create one before registering
                your own.
              </p>
              <button type="button" className="button" onClick={() => setOpen('team')}>
                Create a team
              </button>
            </div>
          ) : null}
          <HomeToolbar teams={me.teams} team={team} onTeam={setTeam} q={q} onQ={setQ} />
          <div className="home-grid">
            <section aria-labelledby="apis-heading" className="card">
              <h2 id="apis-heading">APIs</h2>
              {servers.data ? (
                <ResourceServerList
                  items={servers.data}
                  q={q}
                  nameOf={teams.nameOf}
                  onNew={() => setOpen('resource-server')}
                />
              ) : (
                <LoadState loading={servers.loading} error={servers.error} onRetry={servers.reload} />
              )}
            </section>
            <section aria-labelledby="clients-heading" className="card">
              <h2 id="clients-heading">Clients</h2>
              {clients.data ? (
                <ClientList
                  items={clients.data}
                  q={q}
                  nameOf={teams.nameOf}
                  hasResourceServers={(servers.data?.length ?? 0) > 0}
                  onNew={() => setOpen('client')}
                />
              ) : (
                <LoadState loading={clients.loading} error={clients.error} onRetry={clients.reload} />
              )}
            </section>
          </div>
        </>
      )}

      {open === 'resource-server' ? (
        <NewResourceServerDialog
          teams={teams.owners}
          defaultTeam={team}
          onClose={() => setOpen(null)}
          onCreated={(created) => navigate(`/apis/${encodeURIComponent(created.id)}`)}
        />
      ) : null}
      {open === 'client' ? (
        <NewClientDialog teams={teams.owners} defaultTeam={team} onClose={() => setOpen(null)} />
      ) : null}
      {open === 'team' ? (
        <NewTeamDialog
          onClose={() => setOpen(null)}
          onCreated={() => {
            setOpen(null);
            void refresh();
          }}
        />
      ) : null}
    </>
  );
}
