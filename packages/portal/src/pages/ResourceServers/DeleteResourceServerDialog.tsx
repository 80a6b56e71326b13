import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/error';
import { deleteResourceServer } from '../../api/resource-servers';
import type { ResourceServer } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { useToast } from '../../components/toast-context';
import { navigate } from '../../router';

/**
 * Deleting an API that clients hold scopes of is refused with 409; the server's message says
 * what is in the way, and "force" removes those permissions too.
 */
export function DeleteResourceServerDialog({
  server,
  onClose,
}: {
  server: ResourceServer;
  onClose: () => void;
}) {
  const notify = useToast();
  const [conflict, setConflict] = useState<string | null>(null);
  const [force, setForce] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function remove() {
    setBusy(true);
    setError(null);
    deleteResourceServer(server.id, force)
      .then(() => {
        notify(`API “${server.name}” deleted.`);
        navigate('/');
      })
      .catch((caught: unknown) => {
        setBusy(false);
        if (caught instanceof ApiError && caught.status === 409) setConflict(caught.message);
        else setError(errorMessage(caught));
      });
  }

  return (
    <Dialog title="Delete this API?" onClose={onClose}>
      <div className="stack">
        <p>
          Tokens for <code>{server.identifier}</code> will no longer be issued. This cannot be undone.
        </p>
        {conflict ? (
          <>
            <Alert kind="warning">{conflict}</Alert>
            <label className="check">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              <span>Delete anyway, and remove its scopes from every client that holds them</span>
            </label>
          </>
        ) : null}
        <FormActions
          error={error}
          submitting={busy || (conflict !== null && !force)}
          submitLabel="Delete"
          tone="danger"
          onCancel={onClose}
          onSubmit={remove}
        />
      </div>
    </Dialog>
  );
}
