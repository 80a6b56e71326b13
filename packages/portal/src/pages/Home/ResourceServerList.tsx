import type { ResourceServer } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ItemList } from '../../components/ItemList';
import { plural } from '../../lib/format';
import { matches } from '../../lib/search';

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
    <ItemList
      label="APIs"
      items={shown.map((rs) => ({
        key: rs.id,
        to: `/apis/${encodeURIComponent(rs.id)}`,
        title: rs.name,
        badge: rs.builtIn ? <span className="badge">Built in</span> : null,
        code: rs.identifier,
        text: rs.description,
        meta: [nameOf(rs.teamId), plural(rs.scopes.length, 'scope'), rs.signingAlg],
      }))}
    />
  );
}
