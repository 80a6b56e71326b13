import { useState } from 'react';
import { removeScope } from '../../api/resource-servers';
import type { ResourceServer, Scope } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { AddScopeForm } from './AddScopeForm';

interface ResourceServerScopesProps {
  server: ResourceServer;
  canEdit: boolean;
  onChanged: (server: ResourceServer) => void;
}

export function ResourceServerScopes({ server, canEdit, onChanged }: ResourceServerScopesProps) {
  const notify = useToast();
  const [removing, setRemoving] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <section className="card" aria-labelledby="scopes-heading">
      <h2 id="scopes-heading">Scopes</h2>
      {server.scopes.length === 0 ? (
        <EmptyState title="No scopes yet">Add the scopes that clients may be permitted.</EmptyState>
      ) : (
        <Table
          caption="Scopes of this API"
          rows={server.scopes}
          rowKey={(s) => s.name}
          columns={[
            { header: 'Scope', cell: (s) => <code>{s.name}</code> },
            {
              header: 'Qualified name',
              cell: (s) => <code className="muted">{`${server.identifier}/${s.name}`}</code>,
            },
            { header: 'Description', cell: (s) => s.description || <span className="muted">—</span> },
            removeColumn<Scope>(
              canEdit,
              'Remove',
              (s) => `Remove scope ${s.name}`,
              (s) => setRemoving(s.name),
            ),
          ]}
        />
      )}
      {canEdit ? (
        <AddScopeForm
          key={formKey}
          server={server}
          onAdded={(updated) => {
            onChanged(updated);
            setFormKey((k) => k + 1);
            notify('Scope added.');
          }}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove scope ${removing}?`}
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            onChanged(await removeScope(server.id, removing));
            notify(`Scope ${removing} removed.`);
            setRemoving(null);
          }}
        >
          Clients holding <code>{`${server.identifier}/${removing}`}</code> lose it, and new tokens will not
          carry it.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
