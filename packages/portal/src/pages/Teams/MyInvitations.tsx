import { useState } from 'react';
import { errorMessage } from '../../api/error';
import { acceptInvitation, declineInvitation, myInvitations } from '../../api/teams';
import type { MyInvitation } from '../../api/types';
import { useToast } from '../../components/toast-context';
import { formatDate } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Link } from '../../router';

/**
 * Invitations waiting for the signed-in person, one notice each: joining a team is their
 * choice. Shows nothing when there are none (or they cannot be loaded: the page still works).
 */
export function MyInvitations({ onJoined }: { onJoined?: () => void }) {
  const { refresh } = useSession();
  const notify = useToast();
  const invitations = useLoad(() => myInvitations(), []);
  const [busy, setBusy] = useState<string | null>(null);

  function answer(invitation: MyInvitation, accept: boolean) {
    setBusy(invitation.id);
    const done = accept ? acceptInvitation(invitation.id) : declineInvitation(invitation.id);
    done.then(
      () => {
        setBusy(null);
        notify(
          accept
            ? `You joined ${invitation.team.name} as ${invitation.role}.`
            : `Invitation to ${invitation.team.name} declined.`,
        );
        invitations.reload();
        if (accept) {
          void refresh();
          onJoined?.();
        }
      },
      (error: unknown) => {
        setBusy(null);
        notify(errorMessage(error), 'error');
        invitations.reload();
      },
    );
  }

  const list = invitations.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-label="Invitations for you">
      {list.map((i) => (
        <div className="notice" key={i.id}>
          <p>
            {i.invitedBy.name} invited you to join{' '}
            <Link to={`/teams/${encodeURIComponent(i.team.id)}`}>{i.team.name}</Link> as{' '}
            {i.role === 'owner' ? 'an owner' : 'a member'}.{' '}
            <span className="muted">Open until {formatDate(i.expiresAt)}.</span>
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={busy === i.id}
              aria-label={`Decline the invitation to ${i.team.name}`}
              onClick={() => answer(i, false)}
            >
              Decline
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy === i.id}
              aria-label={`Accept the invitation to ${i.team.name}`}
              onClick={() => answer(i, true)}
            >
              Accept
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
