import { useId, useState } from 'react';
import type { CatalogueEntry } from '../../api/types';
import { matches } from '../../lib/search';

interface ScopePickerProps {
  catalogue: CatalogueEntry[];
  selected: string[];
  onChange: (selected: string[]) => void;
  /** Scopes of APIs the client's team may not give itself are shown, but cannot be ticked. */
  canPermit: (entry: CatalogueEntry) => boolean;
  error?: string | undefined;
  /** Said under an API whose scopes cannot be ticked. */
  lockedHint?: string;
}

/** Every scope of the catalogue as checkboxes, grouped by API, with a filter. */
export function ScopePicker(props: ScopePickerProps) {
  const { catalogue, selected, onChange, canPermit, error } = props;
  const lockedHint = props.lockedHint ?? 'Owned by another team: ask for it with an access request.';
  const [q, setQ] = useState('');
  const searchId = useId();
  const errorId = useId();
  const toggle = (scope: string, on: boolean) =>
    onChange(on ? [...selected, scope] : selected.filter((s) => s !== scope));

  // The ones the person can tick first: those are what they came for.
  const groups = catalogue
    .map((entry) => ({
      entry,
      allowed: canPermit(entry),
      scopes: entry.scopes.filter((s) => matches(q, entry.name, entry.identifier, s.name, s.description)),
    }))
    .filter((g) => g.scopes.length > 0)
    .sort((a, b) => Number(b.allowed) - Number(a.allowed));

  return (
    <fieldset className="scope-picker" aria-describedby={error ? errorId : undefined}>
      <legend>Scopes</legend>
      <div className="field">
        <label htmlFor={searchId}>Filter scopes</label>
        <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div className="scope-picker-list">
        {groups.length === 0 ? <p className="muted">No scope matches.</p> : null}
        {groups.map(({ entry, allowed, scopes }) => (
          <fieldset key={entry.id} className={`scope-group${allowed ? '' : ' scope-group-locked'}`}>
            <legend>
              {entry.name} <code>{entry.identifier}</code>
              <span className="muted"> · {entry.team?.name ?? 'Gatehouse'}</span>
            </legend>
            {allowed ? null : <p className="field-hint">{lockedHint}</p>}
            {scopes.map((scope) => {
              const qualified = `${entry.identifier}/${scope.name}`;
              return (
                <label key={qualified} className="check">
                  <input
                    type="checkbox"
                    disabled={!allowed}
                    checked={selected.includes(qualified)}
                    onChange={(e) => toggle(qualified, e.target.checked)}
                  />
                  <span>
                    <code>{qualified}</code>
                    {scope.description ? <span className="check-text">{scope.description}</span> : null}
                  </span>
                </label>
              );
            })}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
