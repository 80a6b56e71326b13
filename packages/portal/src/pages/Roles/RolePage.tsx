import type { Role } from '@gatehouse/schemas';
import { useState } from 'react';
import { deleteRole, getRole, removeRoleScope } from '../../api/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { removeColumn, Table } from '../../components/Table';
import { useToast } from '../../components/toast-context';
import { canManageTeam, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link, navigate } from '../../router';
import { RoleScopesDialog } from './RoleScopesDialog';

type Open = { kind: 'add' } | { kind: 'remove'; scope: string } | { kind: 'delete' } | null;

/** One role: the scopes it bundles and the clients that hold it. */
export function RolePage({ id }: { id: string }) {
  const { me } = useSession();
  const { nameOf } = useTeams();
  const notify = useToast();
  const role = useLoad(() => getRole(id), [id]);
  const [open, setOpen] = useState<Open>(null);

  if (!role.data) {
    return (
      <>
        <PageHeader title="Role" eyebrow={<Link to="/roles">Roles</Link>} />
        <LoadState loading={role.loading} error={role.error} onRetry={role.reload} />
      </>
    );
  }
  const r: Role = role.data;
  const manage = canManageTeam(me, r.teamId);
  const scopes = r.scopes.map((scope) => ({ scope }));

  return (
    <>
      <PageHeader
        title={r.name}
        eyebrow={
          <>
            <Link to="/roles">Roles</Link> / Role · {nameOf(r.teamId)}
          </>
        }
        actions={
          manage ? (
            <button
              type="button"
              className="button button-danger-outline"
              onClick={() => setOpen({ kind: 'delete' })}
            >
              Delete role
            </button>
          ) : null
        }
      >
        {r.description ? <p className="muted">{r.description}</p> : null}
      </PageHeader>
      <div className="sections">
        <section className="card" aria-labelledby="role-scopes-heading">
          <div className="section-header">
            <h2 id="role-scopes-heading">Scopes</h2>
            {manage ? (
              <button type="button" className="button" onClick={() => setOpen({ kind: 'add' })}>
                Add scopes
              </button>
            ) : null}
          </div>
          {scopes.length === 0 ? (
            <EmptyState title="No scopes yet">
              Its holders get nothing from it until it bundles a scope.
            </EmptyState>
          ) : (
            <Table
              caption="Scopes this role bundles"
              rows={scopes}
              rowKey={(s) => s.scope}
              columns={[
                { header: 'Scope', cell: (s) => <code>{s.scope}</code> },
                removeColumn<{ scope: string }>(
                  manage,
                  'Remove',
                  (s) => `Remove ${s.scope} from the role`,
                  (s) => setOpen({ kind: 'remove', scope: s.scope }),
                ),
              ]}
            />
          )}
        </section>
        <section className="card" aria-labelledby="role-holders-heading">
          <h2 id="role-holders-heading">Holders</h2>
          {r.holders.length === 0 ? (
            <EmptyState title="No client holds it">Give it to a client from the client’s page.</EmptyState>
          ) : (
            <Table
              caption="Clients holding this role"
              rows={r.holders}
              rowKey={(h) => h.clientId}
              columns={[
                {
                  header: 'Client',
                  cell: (h) => <Link to={`/clients/${encodeURIComponent(h.clientId)}`}>{h.name}</Link>,
                },
                { header: 'client_id', cell: (h) => <code>{h.clientId}</code> },
              ]}
            />
          )}
        </section>
      </div>
      {open?.kind === 'add' ? (
        <RoleScopesDialog
          role={r}
          onClose={() => setOpen(null)}
          onAdded={(updated) => {
            setOpen(null);
            role.setData(updated);
          }}
        />
      ) : null}
      {open?.kind === 'remove' ? (
        <ConfirmDialog
          title="Remove this scope from the role?"
          confirmLabel="Remove"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            const updated = await removeRoleScope(r.id, open.scope);
            notify(`${open.scope} removed from ${r.name}.`);
            setOpen(null);
            role.setData(updated);
          }}
        >
          Clients holding <strong>{r.name}</strong> only through this role are refused{' '}
          <code>{open.scope}</code> within a second. Tokens already issued stay valid until they expire.
        </ConfirmDialog>
      ) : null}
      {open?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete this role?"
          confirmLabel="Delete role"
          typeToConfirm={r.name}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await deleteRole(r.id);
            notify(`Role “${r.name}” deleted.`);
            navigate('/roles');
          }}
        >
          Its {r.holders.length} holder(s) lose the scopes they hold only through it, within a second.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
