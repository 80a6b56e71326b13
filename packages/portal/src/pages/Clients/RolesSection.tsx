import type { ClientRoles, Role } from '@gatehouse/schemas';
import { useState } from 'react';
import { addClientRole, getClientRoles, listRoles, removeClientRole } from '../../api/roles';
import type { Client } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { LoadState } from '../../components/LoadState';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { formatRelative, plural } from '../../lib/format';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { FieldErrors } from '../../lib/validation';
import { Link } from '../../router';

interface RolesSectionProps {
  client: Client;
  canEdit: boolean;
  /** Bumped when the client's own permissions change, so the origins are read again. */
  version: unknown;
}

type Open = { kind: 'add' } | { kind: 'remove'; role: ClientRoles['roles'][number] } | null;

/** The client's roles, and every scope it may request with where it comes from. */
export function RolesSection({ client, canEdit, version }: RolesSectionProps) {
  const notify = useToast();
  const view = useLoad(() => getClientRoles(client.clientId), [client.clientId, version]);
  const [open, setOpen] = useState<Open>(null);

  return (
    <section className="card" aria-labelledby="roles-heading">
      <div className="section-header">
        <h2 id="roles-heading">Roles and where scopes come from</h2>
        {canEdit ? (
          <button type="button" className="button" onClick={() => setOpen({ kind: 'add' })}>
            Add role
          </button>
        ) : null}
      </div>
      {!view.data ? (
        <LoadState loading={view.loading} error={view.error} onRetry={view.reload} />
      ) : (
        <>
          {view.data.roles.length === 0 ? (
            <p className="muted">It holds no role.</p>
          ) : (
            <Table
              caption="Roles this client holds"
              rows={view.data.roles}
              rowKey={(r) => r.id}
              columns={[
                {
                  header: 'Role',
                  cell: (r) => <Link to={`/roles/${encodeURIComponent(r.id)}`}>{r.name}</Link>,
                },
                removeColumn<ClientRoles['roles'][number]>(
                  canEdit,
                  'Remove',
                  (r) => `Remove role ${r.name}`,
                  (r) => setOpen({ kind: 'remove', role: r }),
                ),
              ]}
            />
          )}
          {view.data.scopes.length === 0 ? (
            <EmptyState title="No scopes">It may request no scope, directly or through a role.</EmptyState>
          ) : (
            <Table
              caption="Every scope it may request"
              rows={view.data.scopes}
              rowKey={(s) => s.scope}
              columns={[
                { header: 'Scope', cell: (s) => <code>{s.scope}</code> },
                {
                  header: 'Comes from',
                  cell: (s) => (
                    <span className="origins" data-testid={`origin-${s.scope}`}>
                      {s.direct ? (
                        <span className="badge">
                          Direct{s.expiresAt ? `, expires ${formatRelative(s.expiresAt)}` : ''}
                        </span>
                      ) : null}
                      {s.roles.map((r) => (
                        <span key={r.id} className="badge">
                          Role {r.name}
                        </span>
                      ))}
                    </span>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
      {open?.kind === 'add' ? (
        <AddRoleDialog
          client={client}
          held={new Set(view.data?.roles.map((r) => r.id))}
          onClose={() => setOpen(null)}
          onAdded={(next) => {
            setOpen(null);
            view.setData(next);
          }}
        />
      ) : null}
      {open?.kind === 'remove' ? (
        <ConfirmDialog
          title="Remove this role?"
          confirmLabel="Remove"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const next = await removeClientRole(client.clientId, open.role.id);
            notify(`Role ${open.role.name} removed.`);
            setOpen(null);
            view.setData(next);
          }}
        >
          Scopes it holds only through <strong>{open.role.name}</strong> are refused within a second.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

const validateRole = (v: { role: string }): FieldErrors => (v.role ? {} : { role: 'choose a role' });

function AddRoleDialog(props: {
  client: Client;
  held: Set<string>;
  onClose: () => void;
  onAdded: (view: ClientRoles) => void;
}) {
  const { client, held, onClose, onAdded } = props;
  const notify = useToast();
  const roles = useLoad(() => listRoles(client.teamId ?? undefined), [client.teamId]);
  const choices: Role[] = (roles.data ?? []).filter((r) => r.teamId === client.teamId && !held.has(r.id));
  const form = useForm({ role: '' }, validateRole, async (v) => {
    const next = await addClientRole(client.clientId, v.role);
    notify('Role added.');
    onAdded(next);
  });
  return (
    <FormDialog title="Add a role" onClose={onClose} form={form} submitLabel="Add role">
      {roles.data ? (
        <Field
          label="Role"
          error={form.error('role')}
          hint={choices.length === 0 ? 'The team has no other role; make one on the Roles page.' : undefined}
        >
          {(c) => (
            <select
              {...c}
              data-autofocus
              value={form.values.role}
              onChange={(e) => form.set('role', e.target.value)}
            >
              <option value="">Choose a role…</option>
              {choices.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({plural(r.scopes.length, 'scope')})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <LoadState loading={roles.loading} error={roles.error} onRetry={roles.reload} />
      )}
    </FormDialog>
  );
}
