import { useState } from 'react';
import { deleteClient, updateClient } from '../../api/clients';
import { errorMessage } from '../../api/error';
import type { Client } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/toast-context';
import { navigate } from '../../router';

interface DangerZoneProps {
  client: Client;
  onChanged: (client: Client) => void;
}

/** Disabling is instant and reversible; deleting is neither, so it asks for the name. */
export function DangerZone({ client, onChanged }: DangerZoneProps) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  function toggle() {
    setBusy(true);
    updateClient(client.clientId, { enabled: !client.enabled })
      .then((updated) => {
        onChanged(updated);
        notify(
          updated.enabled ? 'Client enabled.' : 'Client disabled. Its tokens are refused within a second.',
        );
      })
      .catch((error: unknown) => notify(errorMessage(error), 'error'))
      .finally(() => setBusy(false));
  }

  return (
    <section className="card card-danger" aria-labelledby="danger-heading">
      <h2 id="danger-heading">Disable or delete</h2>
      <div className="danger-row">
        <p>
          {client.enabled
            ? 'Disabling stops new tokens at once, and verifiers refuse the tokens it already has within seconds.'
            : 'The client is disabled. Enabling lets it get tokens again.'}
        </p>
        <button type="button" className="button" onClick={toggle} disabled={busy}>
          {client.enabled ? 'Disable client' : 'Enable client'}
        </button>
      </div>
      <div className="danger-row">
        <p>Deleting removes the client, its secrets and its permissions for good.</p>
        <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
          Delete client
        </button>
      </div>
      {deleting ? (
        <ConfirmDialog
          title="Delete this client?"
          confirmLabel="Delete"
          typeToConfirm={client.name}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await deleteClient(client.clientId);
            notify(`Client “${client.name}” deleted.`);
            navigate('/');
          }}
        >
          Callers using <code>{client.clientId}</code> will be refused at once. This cannot be undone.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
