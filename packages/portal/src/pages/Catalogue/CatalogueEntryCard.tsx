import type { CatalogueEntry, Scope } from '../../api/types';

interface CatalogueEntryCardProps {
  entry: CatalogueEntry;
  scopes: Scope[];
  onRequest: (qualifiedScope: string) => void;
}

export function CatalogueEntryCard({ entry, scopes, onRequest }: CatalogueEntryCardProps) {
  const headingId = `catalogue-${entry.id}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="catalogue-head">
        <h2 id={headingId}>{entry.name}</h2>
        <span className="badge">{entry.team?.name ?? 'Gatehouse'}</span>
      </div>
      <code className="item-code">{entry.identifier}</code>
      {entry.description ? <p className="muted">{entry.description}</p> : null}
      {scopes.length === 0 ? (
        <p className="muted">No scopes.</p>
      ) : (
        <ul className="scope-list">
          {scopes.map((scope) => {
            const qualified = `${entry.identifier}/${scope.name}`;
            return (
              <li key={scope.name} className="scope-item">
                <div>
                  <code>{scope.name}</code>
                  {scope.description ? <span className="scope-desc">{scope.description}</span> : null}
                </div>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Request access to ${qualified}`}
                  onClick={() => onRequest(qualified)}
                >
                  Request access
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
