import { useState } from 'react';
import { errorMessage } from '../../api/error';
import { changeRole, deleteTeam, getTeam, listInvitations, removeMember } from '../../api/teams';
import type { Member, TeamRole } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDate } from '../../lib/format';
import { isTeamOwner, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link, navigate } from '../../router';
import { InviteDialog } from './InviteDialog';
import { PendingInvitations } from './PendingInvitations';
import { RenameTeamDialog } from './RenameTeamDialog';
import { TeamLimitsSection } from './TeamLimitsSection';

export function TeamPage({ id }: { id: string }) {
  const { me, refresh } = useSession();
  const notify = useToast();
  const team = useLoad(() => getTeam(id), [id]);
  // Only the team's members may see its invitations; for anyone else the section stays away.
  const invitations = useLoad(
    () =>
      team.data && (team.data.myRole !== null || me.user.isAdmin)
        ? listInvitations(id)
        : Promise.resolve(null),
    [id, team.data?.myRole, me.user.isAdmin],
  );
  const [removing, setRemoving] = useState<Member | null>(null);
  const [inviting, setInviting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (!team.data) {
    return (
      <>
        <PageHeader title="Team" eyebrow={<Link to="/teams">All teams</Link>} />
        <LoadState loading={team.loading} error={team.error} onRetry={team.reload} />
      </>
    );
  }
  const t = team.data;
  const manage = isTeamOwner(me, t.id) || t.myRole === 'owner';

  function setRole(member: Member, role: TeamRole) {
    changeRole(t.id, member.userId, role).then(
      () => {
        notify(`${member.name} is now ${role === 'owner' ? 'an owner' : 'a member'}.`);
        team.reload();
        if (member.userId === me.user.id) void refresh();
      },
      (error: unknown) => notify(errorMessage(error), 'error'),
    );
  }

  return (
    <>
      <PageHeader
        title={t.name}
        eyebrow={
          <>
            <Link to="/teams">All teams</Link> / <code>{t.slug}</code>
          </>
        }
        actions={
          <>
            {manage ? (
              <button type="button" className="button" onClick={() => setRenaming(true)}>
                Rename
              </button>
            ) : null}
            <Link to={`/?team=${encodeURIComponent(t.id)}`} className="button">
              The team’s APIs and clients
            </Link>
            <Link to={`/reports?team=${encodeURIComponent(t.id)}`} className="button">
              Reports
            </Link>
          </>
        }
      >
        {t.description ? <p className="muted">{t.description}</p> : null}
      </PageHeader>
      <div className="sections">
        <section className="card" aria-labelledby="members-heading">
          <div className="section-header">
            <h2 id="members-heading">Members</h2>
            {manage ? (
              <button type="button" className="button button-primary" onClick={() => setInviting(true)}>
                Invite
              </button>
            ) : null}
          </div>
          <Table
            caption="Team members"
            rows={t.members}
            rowKey={(m) => m.userId}
            columns={[
              { header: 'Name', cell: (m) => m.name },
              { header: 'Email', cell: (m) => m.email ?? <span className="muted">—</span> },
              {
                header: 'Role',
                cell: (m) =>
                  manage ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      onChange={(e) => setRole(m, e.target.value as TeamRole)}
                    >
                      <option value="owner">Owner</option>
                      <option value="member">Member</option>
                    </select>
                  ) : (
                    <span className="badge">{m.role}</span>
                  ),
              },
              { header: 'Since', className: 'nowrap', cell: (m) => formatDate(m.since) },
              removeColumn<Member>(
                manage,
                'Remove',
                (m) => `Remove ${m.name}`,
                (m) => setRemoving(m),
              ),
            ]}
          />
        </section>
        {t.myRole !== null || me.user.isAdmin ? <TeamLimitsSection teamId={t.id} /> : null}
        {invitations.data ? (
          <section className="card" aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">Invitations</h2>
            <PendingInvitations
              teamId={t.id}
              invitations={invitations.data}
              manage={manage}
              onChanged={invitations.reload}
            />
          </section>
        ) : null}
        {manage ? (
          <section className="card card-danger" aria-labelledby="team-danger-heading">
            <h2 id="team-danger-heading">Delete</h2>
            <div className="danger-row">
              <p>
                A team can be deleted once it owns no APIs, clients, user pools or access keys. Its
                memberships and invitations go with it; its audit history stays.
              </p>
              <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                Delete team
              </button>
            </div>
          </section>
        ) : null}
      </div>
      {renaming ? (
        <RenameTeamDialog
          team={t}
          onClose={() => setRenaming(false)}
          onRenamed={() => {
            setRenaming(false);
            team.reload();
            void refresh();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${t.name}?`}
          confirmLabel="Delete team"
          typeToConfirm={t.slug}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteTeam(t.id);
            notify(`Team “${t.name}” deleted.`);
            void refresh();
            navigate('/teams');
          }}
        >
          This cannot be undone. If the team still owns anything, nothing is deleted and you see what is left.
        </ConfirmDialog>
      ) : null}
      {inviting ? (
        <InviteDialog
          teamId={t.id}
          teamName={t.name}
          onClose={() => setInviting(false)}
          onInvited={() => {
            setInviting(false);
            invitations.reload();
          }}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await removeMember(t.id, removing.userId);
            notify(`${removing.name} removed from ${t.name}.`);
            setRemoving(null);
            team.reload();
            if (removing.userId === me.user.id) void refresh();
          }}
        >
          They will no longer manage {t.name}’s APIs and clients.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
