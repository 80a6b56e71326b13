import { useState } from 'react';
import { removePermission } from '../../api/clients';
import type { Client } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatDateTime, formatRelative } from '../../lib/format';
import { RequestAccessDialog } from '../Access/RequestAccessDialog';
import { AddScopesDialog } from './AddScopesDialog';

interface PermissionsSectionProps {
  client: Client;
  canEdit: boolean;
  onChanged: (client: Client) => void;
}

type Open = { kind: 'add' } | { kind: 'request' } | { kind: 'remove'; scope: string } | null;

/** The client's permissions: the qualified scopes it may request, with when each lapses. */
export function PermissionsSection({ client, canEdit, onChanged }: PermissionsSectionProps) {
  const notify = useToast();
  const [open, setOpen] = useState<Open>(null);
  const permissions = client.permissions ?? client.scopes.map((scope) => ({ scope, expiresAt: null }));

  return (
    <section className="card" aria-labelledby="permissions-heading">
      <div className="section-header">
        <h2 id="permissions-heading">Permissions</h2>
        <div className="button-row">
          {canEdit ? (
            <button type="button" className="button" onClick={() => setOpen({ kind: 'add' })}>
              Add scopes
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => setOpen({ kind: 'request' })}>
            Request access
          </button>
        </div>
      </div>
      {permissions.length === 0 ? (
        <EmptyState title="No scopes yet">
          This client cannot get a token until it holds a scope. Add scopes of your team’s APIs, or request
          access to another team’s.
        </EmptyState>
      ) : (
        <Table
          caption="Scopes this client may request"
          rows={permissions}
          rowKey={(g) => g.scope}
          columns={[
            { header: 'Scope', cell: (g) => <code>{g.scope}</code> },
            {
              header: 'Expires',
              cell: (g) =>
                g.expiresAt ? (
                  <time dateTime={g.expiresAt} title={formatDateTime(g.expiresAt)}>
                    {formatRelative(g.expiresAt)}
                  </time>
                ) : (
                  'Never'
                ),
            },
            removeColumn<(typeof permissions)[number]>(
              canEdit,
              'Remove',
              (g) => `Remove permission ${g.scope}`,
              (g) => setOpen({ kind: 'remove', scope: g.scope }),
            ),
          ]}
        />
      )}
      {open?.kind === 'add' ? (
        <AddScopesDialog
          client={client}
          onClose={() => setOpen(null)}
          onAdded={(updated) => {
            setOpen(null);
            onChanged(updated);
          }}
        />
      ) : null}
      {open?.kind === 'request' ? (
        <RequestAccessDialog clientId={client.clientId} onClose={() => setOpen(null)} />
      ) : null}
      {open?.kind === 'remove' ? (
        <ConfirmDialog
          title="Remove this scope?"
          confirmLabel="Remove"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const updated = await removePermission(client.clientId, open.scope);
            notify(`${open.scope} removed.`);
            setOpen(null);
            onChanged(updated);
          }}
        >
          <code>{open.scope}</code> will be refused in new token requests. Tokens already issued stay valid
          until they expire.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
