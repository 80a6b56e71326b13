import { useState } from 'react';
import type { CatalogueEntry } from '../../api/types';
import { Field } from '../../components/Field';
import { splitQualified } from '../../lib/format';

interface ScopeSelectProps {
  catalogue: CatalogueEntry[];
  loading: boolean;
  value: string;
  onChange: (qualified: string) => void;
  error?: string | undefined;
}

/** Two selects, API then scope, producing a qualified scope. */
export function ScopeSelect({ catalogue, loading, value, onChange, error }: ScopeSelectProps) {
  const [apiId, setApiId] = useState(() => {
    const { identifier } = splitQualified(value);
    return catalogue.find((e) => e.identifier === identifier)?.id ?? '';
  });
  const api = catalogue.find((e) => e.id === apiId);
  const scopeName = api && value.startsWith(`${api.identifier}/`) ? splitQualified(value).scope : '';

  return (
    <>
      <Field label="API">
        {(c) => (
          <select
            {...c}
            value={apiId}
            onChange={(e) => {
              setApiId(e.target.value);
              onChange('');
            }}
          >
            <option value="">{loading ? 'Loading…' : 'Choose an API…'}</option>
            {catalogue.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name} ({entry.identifier}){entry.team ? ` · ${entry.team.name}` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Scope" error={error}>
        {(c) => (
          <select
            {...c}
            disabled={!api}
            value={scopeName}
            onChange={(e) => onChange(e.target.value && api ? `${api.identifier}/${e.target.value}` : '')}
          >
            <option value="">{api ? 'Choose a scope…' : 'Choose an API first'}</option>
            {(api?.scopes ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.description ? ` — ${s.description}` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
