import { useState } from 'react';
import { addSecret, revokeSecret } from '../../api/clients';
import { errorMessage } from '../../api/error';
import type { Client, ClientSecretInfo, IssuedSecret } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDateTime, formatRelative, secretHint } from '../../lib/format';

interface SecretsSectionProps {
  client: Client;
  canEdit: boolean;
  onRotated: (secret: IssuedSecret, previous: string[]) => void;
  onChanged: () => void;
}

const isLive = (s: ClientSecretInfo) =>
  !s.revokedAt && (!s.expiresAt || new Date(s.expiresAt).getTime() > Date.now());

function status(s: ClientSecretInfo): string {
  if (s.revokedAt) return `Revoked ${formatRelative(s.revokedAt)}`;
  if (s.expiresAt && new Date(s.expiresAt).getTime() <= Date.now()) return 'Expired';
  return 'Active';
}

/** Rotation without downtime: add a new secret, move callers over, then revoke the old one. */
export function SecretsSection({ client, canEdit, onRotated, onChanged }: SecretsSectionProps) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<ClientSecretInfo | null>(null);
  const live = client.secrets.filter(isLive);

  function rotate() {
    setBusy(true);
    addSecret(client.clientId)
      .then((secret) =>
        onRotated(
          secret,
          live.map((s) => s.id),
        ),
      )
      .catch((error: unknown) => notify(errorMessage(error), 'error'))
      .finally(() => setBusy(false));
  }

  return (
    <section className="card" aria-labelledby="secrets-heading">
      <div className="section-header">
        <h2 id="secrets-heading">Secrets</h2>
        {canEdit ? (
          <button type="button" className="button" onClick={rotate} disabled={busy}>
            Rotate secret
          </button>
        ) : null}
      </div>
      <p className="muted">
        A client may hold up to five live secrets. Rotating adds a new one; the current ones keep working
        until you revoke them.
      </p>
      {client.secrets.length === 0 ? (
        <EmptyState title="No secrets">Rotate to issue one.</EmptyState>
      ) : (
        <Table
          caption="Client secrets"
          rows={client.secrets}
          rowKey={(s) => s.id}
          columns={[
            { header: 'Secret', cell: (s) => <code>{secretHint(s.hint)}</code> },
            { header: 'Created', cell: (s) => formatDateTime(s.createdAt), className: 'nowrap' },
            {
              header: 'Last used',
              className: 'nowrap',
              cell: (s) =>
                s.lastUsedAt ? (
                  <time dateTime={s.lastUsedAt} title={formatDateTime(s.lastUsedAt)}>
                    {formatRelative(s.lastUsedAt)}
                  </time>
                ) : (
                  <span className="muted">Never</span>
                ),
            },
            { header: 'Expires', cell: (s) => (s.expiresAt ? formatDateTime(s.expiresAt) : 'Never') },
            {
              header: 'Status',
              cell: (s) => <span className={isLive(s) ? 'status-ok' : 'muted'}>{status(s)}</span>,
            },
            {
              header: <span className="visually-hidden">Actions</span>,
              className: 'actions',
              cell: (s) =>
                canEdit && isLive(s) ? (
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    aria-label={`Revoke secret ${secretHint(s.hint)}`}
                    onClick={() => setRevoking(s)}
                  >
                    Revoke
                  </button>
                ) : null,
            },
          ]}
        />
      )}
      {revoking ? (
        <ConfirmDialog
          title="Revoke this secret?"
          confirmLabel="Revoke"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await revokeSecret(client.clientId, revoking.id);
            notify(`Secret ${secretHint(revoking.hint)} revoked.`);
            setRevoking(null);
            onChanged();
          }}
        >
          Callers still using <code>{secretHint(revoking.hint)}</code> will get <code>invalid_client</code>{' '}
          within a second.
          {live.length === 1 ? ' It is the only live secret: the client will not be able to get tokens.' : ''}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
