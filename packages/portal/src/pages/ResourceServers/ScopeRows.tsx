import type { ScopeInput } from '@gatehouse/schemas';
import { Field } from '../../components/Field';

interface ScopeRowsProps {
  rows: Required<ScopeInput>[];
  /** `touched` is the edited cell, or false for adding and removing rows, which judge nothing yet. */
  onChange: (rows: Required<ScopeInput>[], touched: string | false) => void;
  error: (key: string) => string | undefined;
}

/** The scope table of the New API form: one row per scope, added and removed in place. */
export function ScopeRows({ rows, onChange, error }: ScopeRowsProps) {
  const update = (index: number, part: keyof ScopeInput, value: string) =>
    onChange(
      rows.map((row, i) => (i === index ? { ...row, [part]: value } : row)),
      `scopes.${index}.${part}`,
    );

  return (
    <fieldset className="scope-rows">
      <legend>Scopes</legend>
      <p className="field-hint">
        What clients may be allowed to do, e.g. <code>place-order</code>. Letters, digits, “.”, “_”, “:”, “*”
        and “-”.
      </p>
      {rows.map((row, index) => (
        <div className="scope-row" key={index}>
          <Field label={`Scope ${index + 1} name`} error={error(`scopes.${index}.name`)}>
            {(c) => (
              <input
                {...c}
                spellCheck={false}
                autoCapitalize="off"
                value={row.name}
                onChange={(e) => update(index, 'name', e.target.value)}
              />
            )}
          </Field>
          <Field label={`Scope ${index + 1} description`} error={error(`scopes.${index}.description`)}>
            {(c) => (
              <input
                {...c}
                value={row.description}
                onChange={(e) => update(index, 'description', e.target.value)}
              />
            )}
          </Field>
          <button
            type="button"
            className="button button-small button-ghost scope-remove"
            aria-label={`Remove scope ${index + 1}`}
            onClick={() =>
              onChange(
                rows.filter((_, i) => i !== index),
                false,
              )
            }
          >
            Remove
          </button>
        </div>
      ))}
      {error('scopes') && !rows.some((_, i) => error(`scopes.${i}`)) ? (
        <p className="field-error">{error('scopes')}</p>
      ) : null}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...rows, { name: '', description: '' }], false)}
      >
        Add scope
      </button>
    </fieldset>
  );
}
