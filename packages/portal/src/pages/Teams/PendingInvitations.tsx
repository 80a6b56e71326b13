import { useState } from 'react';
import { revokeInvitation } from '../../api/teams';
import type { Invitation } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatRelative } from '../../lib/format';

/** The team's open invitations; owners may take one back before it is answered. */
export function PendingInvitations({
  teamId,
  invitations,
  manage,
  onChanged,
}: {
  teamId: string;
  invitations: Invitation[];
  manage: boolean;
  onChanged: () => void;
}) {
  const notify = useToast();
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  if (invitations.length === 0) return <p className="muted">No open invitations.</p>;
  return (
    <>
      <Table
        caption="Open invitations"
        rows={invitations}
        rowKey={(i) => i.id}
        columns={[
          { header: 'Email', cell: (i) => i.email },
          { header: 'Role', cell: (i) => <span className="badge">{i.role}</span> },
          { header: 'Invited by', cell: (i) => i.invitedBy.name },
          { header: 'Expires', className: 'nowrap', cell: (i) => formatRelative(i.expiresAt) },
          removeColumn<Invitation>(
            manage,
            'Revoke',
            (i) => `Revoke the invitation for ${i.email}`,
            (i) => setRevoking(i),
          ),
        ]}
      />
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the invitation for ${revoking.email}?`}
          confirmLabel="Revoke"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await revokeInvitation(teamId, revoking.id);
            notify(`Invitation for ${revoking.email} revoked.`);
            setRevoking(null);
            onChanged();
          }}
        >
          They can no longer accept it. You can invite them again later.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
