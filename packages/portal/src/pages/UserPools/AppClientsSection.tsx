import { useState } from 'react';
import type { AppClient, CreatedAppClient, UserPool } from '@gatehouse/schemas';
import { deleteAppClient, listAppClients, rotateAppClientSecret } from '../../api/user-pools';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { useLeaveGuard } from '../../lib/use-leave-guard';
import { useLoad } from '../../lib/use-load';
import { LEAVE_WARNING } from '../Clients/NewSecretBox';
import { AppClientSnippets } from './AppClientSnippets';
import { MachineTokenSnippet } from './MachineTokenSnippet';
import { NewAppClientDialog } from './NewAppClientDialog';

/** A confidential client's secret, shown once after creation or rotation until the person is done. */
function FreshSecret({ client, onDone }: { client: CreatedAppClient; onDone: () => void }) {
  useLeaveGuard(true, LEAVE_WARNING);
  return (
    <section className="secret-box" aria-labelledby="app-secret-heading">
      <h2 id="app-secret-heading">Client secret of {client.name}</h2>
      <p className="secret-warning">
        <strong>Copy it now. It will not be shown again.</strong> If it is lost, make a new one.
      </p>
      <div className="secret-value">
        <code data-testid="app-client-secret">{client.clientSecret}</code>
        <CopyButton
          text={client.clientSecret ?? ''}
          label="Copy client secret"
          className="button button-primary"
        />
      </div>
      <button type="button" className="button" onClick={onDone}>
        I have stored the secret
      </button>
    </section>
  );
}

interface AppClientCardProps {
  pool: UserPool;
  client: AppClient;
  canEdit: boolean;
  onRotated: (client: CreatedAppClient) => void;
  onDelete: () => void;
}

function AppClientCard({ pool, client, canEdit, onRotated, onDelete }: AppClientCardProps) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const rotate = () => {
    setBusy(true);
    rotateAppClientSecret(pool.id, client.clientId)
      .then(onRotated, (e: unknown) =>
        notify(e instanceof Error ? e.message : 'Could not make a new secret.', 'error'),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section className="card" aria-labelledby={`app-${client.clientId}`}>
      <h2 id={`app-${client.clientId}`}>{client.name}</h2>
      <dl className="details">
        <dt>Client id</dt>
        <dd className="copy-row">
          <code data-testid="app-client-id">{client.clientId}</code>
          <CopyButton text={client.clientId} label={`Copy client id of ${client.name}`} />
        </dd>
        <dt>Kind</dt>
        <dd>{client.public ? 'Public, with PKCE' : `Confidential (${client.authMethod})`}</dd>
        <dt>OAuth flows</dt>
        <dd>
          {client.allowedOAuthFlows.includes('client_credentials')
            ? 'client_credentials: machine tokens for its API scopes'
            : 'code: signs people in'}
        </dd>
        <dt>Callback URLs</dt>
        <dd>
          {client.redirectUris.map((u) => (
            <div key={u}>
              <code>{u}</code>
            </div>
          ))}
        </dd>
        <dt>Sign-out URLs</dt>
        <dd>
          {client.logoutUris.length ? (
            client.logoutUris.map((u) => (
              <div key={u}>
                <code>{u}</code>
              </div>
            ))
          ) : (
            <span className="muted">None</span>
          )}
        </dd>
        <dt>Scopes</dt>
        <dd>{client.scopes.join(' ')}</dd>
      </dl>
      {client.allowedOAuthFlows.includes('client_credentials') ? (
        <MachineTokenSnippet pool={pool} client={client} />
      ) : (
        <AppClientSnippets pool={pool} client={client} />
      )}
      {canEdit ? (
        <div className="danger-row">
          {client.public ? null : (
            <button type="button" className="button" disabled={busy} onClick={rotate}>
              New secret for {client.name}
            </button>
          )}
          <button type="button" className="button button-danger" onClick={onDelete}>
            Delete {client.name}
          </button>
        </div>
      ) : null}
    </section>
  );
}

export function AppClientsSection({ pool, canEdit }: { pool: UserPool; canEdit: boolean }) {
  const notify = useToast();
  const clients = useLoad(() => listAppClients(pool.id), [pool.id]);
  const [creating, setCreating] = useState(false);
  const [fresh, setFresh] = useState<CreatedAppClient | null>(null);
  const [deleting, setDeleting] = useState<AppClient | null>(null);

  const newButton = canEdit ? (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New app client
    </button>
  ) : null;

  return (
    <div className="sections">
      {fresh?.clientSecret ? <FreshSecret client={fresh} onDone={() => setFresh(null)} /> : null}
      <div className="toolbar">{newButton}</div>
      {clients.data ? (
        clients.data.length === 0 ? (
          <EmptyState title="No app clients yet." action={newButton}>
            An app client is an application that signs people in through this pool.
          </EmptyState>
        ) : (
          clients.data.map((c) => (
            <AppClientCard
              key={c.clientId}
              pool={pool}
              client={c}
              canEdit={canEdit}
              onRotated={(created) => {
                setFresh(created);
                notify(`New secret for ${created.name}. The old one no longer works.`);
              }}
              onDelete={() => setDeleting(c)}
            />
          ))
        )
      ) : (
        <LoadState loading={clients.loading} error={clients.error} onRetry={clients.reload} />
      )}
      {creating ? (
        <NewAppClientDialog
          poolId={pool.id}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setFresh(created.clientSecret ? created : null);
            notify(`App client “${created.name}” created.`);
            clients.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete app client"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteAppClient(pool.id, deleting.clientId);
            setDeleting(null);
            notify(`App client “${deleting.name}” deleted.`);
            clients.reload();
          }}
        >
          <p>The app can no longer sign people in. Tokens it holds stop being refreshed.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
