import type { Client } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ItemList } from '../../components/ItemList';
import { AUTH_METHOD_LABELS, formatRelative, plural } from '../../lib/format';
import { matches } from '../../lib/search';
import { Link } from '../../router';

interface ClientListProps {
  items: Client[];
  q: string;
  nameOf: (teamId: string | null) => string;
  hasResourceServers: boolean;
  onNew: () => void;
}

export function ClientList({ items, q, nameOf, hasResourceServers, onNew }: ClientListProps) {
  if (items.length === 0) {
    return (
      <EmptyState
        title="No clients yet"
        action={
          <button type="button" className="button" onClick={onNew}>
            Create your first client
          </button>
        }
      >
        A client is a service or partner that calls an API. It gets a client ID and a secret, and only the
        scopes you permit it.
        {hasResourceServers ? null : (
          <>
            {' '}
            Register an API first, or find another team’s API in the <Link to="/catalogue">catalogue</Link>.
          </>
        )}
      </EmptyState>
    );
  }
  const shown = items.filter((c) => matches(q, c.name, c.clientId, c.description, ...c.scopes));
  if (shown.length === 0) return <EmptyState title={`No client matches “${q}”`} />;
  return (
    <ItemList
      label="Clients"
      items={shown.map((c) => ({
        key: c.clientId,
        to: `/clients/${encodeURIComponent(c.clientId)}`,
        title: c.name,
        badge: c.enabled ? null : <span className="badge badge-danger">Disabled</span>,
        code: c.clientId,
        text: c.description,
        meta: [
          plural(c.scopes.length, 'scope'),
          nameOf(c.teamId),
          AUTH_METHOD_LABELS[c.authMethod] ?? c.authMethod,
          `Last used ${formatRelative(c.lastUsedAt)}`,
        ],
      }))}
    />
  );
}
