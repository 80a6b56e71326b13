import type { Client } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
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
    <ul className="item-list" aria-label="Clients">
      {shown.map((c) => (
        <li key={c.clientId} className="item">
          <div className="item-main">
            <div className="item-head">
              <Link to={`/clients/${encodeURIComponent(c.clientId)}`} className="item-title">
                {c.name}
              </Link>
              {c.enabled ? null : <span className="badge badge-danger">Disabled</span>}
            </div>
            <code className="item-code">{c.clientId}</code>
            {c.description ? <p className="item-text">{c.description}</p> : null}
          </div>
          <div className="item-meta">
            <span>{plural(c.scopes.length, 'scope')}</span>
            <span>{nameOf(c.teamId)}</span>
            <span>{AUTH_METHOD_LABELS[c.authMethod] ?? c.authMethod}</span>
            <span>Last used {formatRelative(c.lastUsedAt)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
