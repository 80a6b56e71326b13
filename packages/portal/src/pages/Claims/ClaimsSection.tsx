import { useEffect, useState, type FormEvent } from 'react';
import type { Claims, ClaimsView } from '@gatehouse/schemas';
import { ApiError, errorMessage } from '../../api/error';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { useLoad } from '../../lib/use-load';
import { type ClaimRow, claimsOf, rowsOf, valueText } from './claim-rows';

interface ClaimsSectionProps {
  /** "client" or "API": whose tokens the claims go into. */
  owner: string;
  canEdit: boolean;
  load: () => Promise<ClaimsView>;
  save: (claims: Claims) => Promise<ClaimsView>;
  deps: readonly unknown[];
}

/**
 * Static claims as name/value rows. A value is JSON when it parses as JSON (3, true, ["eu"],
 * {"a":1}) and text otherwise, as on the command line. The server's rules (registered names,
 * sizes) come back per claim and show beside the row they concern.
 */
export function ClaimsSection({ owner, canEdit, load, save, deps }: ClaimsSectionProps) {
  const notify = useToast();
  const loaded = useLoad(load, [...deps]);
  const [rows, setRows] = useState<ClaimRow[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data) setRows(rowsOf(loaded.data.claims));
  }, [loaded.data]);

  if (!loaded.data) {
    return (
      <section className="card" aria-labelledby="claims-heading">
        <h2 id="claims-heading">Claims</h2>
        <LoadState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }
  const editable = canEdit && loaded.data.canEdit;

  function submit(event: FormEvent) {
    event.preventDefault();
    const { claims, errors } = claimsOf(rows);
    setRowErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    save(claims)
      .then((saved) => {
        loaded.setData(saved);
        notify('Claims saved. New tokens carry them within a second.');
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.issues.length > 0) {
          const byRow: Record<number, string> = {};
          for (const issue of e.issues) {
            const key = issue.path.replace(/^claims\.?/, '');
            const index = rows.findIndex((r) => r.key.trim() === key);
            if (index >= 0) byRow[index] ??= issue.message;
            else setError(issue.message);
          }
          setRowErrors(byRow);
        } else setError(errorMessage(e));
      })
      .finally(() => setBusy(false));
  }

  const entries = Object.entries(loaded.data.claims);
  return (
    <section className="card" aria-labelledby="claims-heading">
      <h2 id="claims-heading">Claims</h2>
      <p className="muted">
        Added to every access token of this {owner}. Registered claims (iss, sub, aud, scope, …) cannot be
        set.
      </p>
      {!editable ? (
        entries.length === 0 ? (
          <p>No static claims.</p>
        ) : (
          <dl className="details" data-testid="claims-list">
            {entries.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>
                  <code>{valueText(value)}</code>
                </dd>
              </div>
            ))}
          </dl>
        )
      ) : (
        <form onSubmit={submit} aria-label={`Claims of this ${owner}`}>
          {rows.map((row, i) => (
            <div className="form-row claim-row" key={i}>
              <div className="field">
                <label htmlFor={`claim-key-${i}`}>Name</label>
                <input
                  id={`claim-key-${i}`}
                  value={row.key}
                  aria-invalid={rowErrors[i] ? true : undefined}
                  aria-describedby={rowErrors[i] ? `claim-error-${i}` : undefined}
                  onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
                />
              </div>
              <div className="field">
                <label htmlFor={`claim-value-${i}`}>Value</label>
                <input
                  id={`claim-value-${i}`}
                  value={row.value}
                  onChange={(e) =>
                    setRows(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
                  }
                />
              </div>
              <button
                type="button"
                className="button button-secondary"
                aria-label={`Remove claim ${row.key || i + 1}`}
                onClick={() => {
                  setRows(rows.filter((_, j) => j !== i));
                  setRowErrors({});
                }}
              >
                Remove
              </button>
              {rowErrors[i] ? (
                <p className="field-error" id={`claim-error-${i}`} role="alert">
                  {rowErrors[i]}
                </p>
              ) : null}
            </div>
          ))}
          <p className="field-hint">
            A value is JSON when it reads as JSON (<code>3</code>, <code>true</code>, <code>["eu"]</code>),
            text otherwise; write <code>"3"</code> for the text 3.
          </p>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setRows([...rows, { key: '', value: '' }])}
            >
              Add claim
            </button>
            <button type="submit" className="button" disabled={busy}>
              Save claims
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
