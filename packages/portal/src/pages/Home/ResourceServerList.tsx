import type { ResourceServer } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { plural } from '../../lib/format';
import { matches } from '../../lib/search';
import { Link } from '../../router';

interface ResourceServerListProps {
  items: ResourceServer[];
  q: string;
  nameOf: (teamId: string | null) => string;
  onNew: () => void;
}

export function ResourceServerList({ items, q, nameOf, onNew }: ResourceServerListProps) {
  if (items.length === 0) {
    return (
      <EmptyState
        title="No APIs yet"
        action={
          <button type="button" className="button" onClick={onNew}>
            Register your first API
          </button>
        }
      >
        Register each API that should accept Gatehouse tokens, with the scopes it understands (say{' '}
        <code>place-order</code> and <code>list-orders</code>).
      </EmptyState>
    );
  }
  const shown = items.filter((rs) =>
    matches(q, rs.name, rs.identifier, rs.description, ...rs.scopes.map((s) => s.name)),
  );
  if (shown.length === 0) return <EmptyState title={`No API matches “${q}”`} />;
  return (
    <ul className="item-list" aria-label="APIs">
      {shown.map((rs) => (
        <li key={rs.id} className="item">
          <div className="item-main">
            <div className="item-head">
              <Link to={`/apis/${encodeURIComponent(rs.id)}`} className="item-title">
                {rs.name}
              </Link>
              {rs.builtIn ? <span className="badge">Built in</span> : null}
            </div>
            <code className="item-code">{rs.identifier}</code>
            {rs.description ? <p className="item-text">{rs.description}</p> : null}
          </div>
          <div className="item-meta">
            <span>{nameOf(rs.teamId)}</span>
            <span>{plural(rs.scopes.length, 'scope')}</span>
            <span>{rs.signingAlg}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
