import { useState } from 'react';
import { errorMessage } from '../../api/error';
import { changeRole, getTeam, removeMember } from '../../api/teams';
import type { Member, TeamRole } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDate } from '../../lib/format';
import { isTeamOwner, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link } from '../../router';
import { AddMemberForm } from './AddMemberForm';

export function TeamPage({ id }: { id: string }) {
  const { me, refresh } = useSession();
  const notify = useToast();
  const team = useLoad(() => getTeam(id), [id]);
  const [removing, setRemoving] = useState<Member | null>(null);
  // A fresh form after each addition, so the emptied email box is not judged right away.
  const [formKey, setFormKey] = useState(0);

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
          <Link to={`/?team=${encodeURIComponent(t.id)}`} className="button">
            The team’s APIs and clients
          </Link>
        }
      >
        {t.description ? <p className="muted">{t.description}</p> : null}
      </PageHeader>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <Table
          caption="Team members"
          rows={t.members}
          rowKey={(m) => m.userId}
          columns={[
            { header: 'Name', cell: (m) => m.name },
            { header: 'Email', cell: (m) => m.email },
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
            {
              header: <span className="visually-hidden">Actions</span>,
              className: 'actions',
              cell: (m) =>
                manage ? (
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    aria-label={`Remove ${m.name}`}
                    onClick={() => setRemoving(m)}
                  >
                    Remove
                  </button>
                ) : null,
            },
          ]}
        />
        {manage ? (
          <AddMemberForm
            key={formKey}
            teamId={t.id}
            onAdded={() => {
              setFormKey((k) => k + 1);
              team.reload();
            }}
          />
        ) : null}
      </section>
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
