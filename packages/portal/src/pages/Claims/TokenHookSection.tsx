import { useState, type FormEvent } from 'react';
import type { HookFailMode, TokenHookView } from '@gatehouse/schemas';
import { deleteTokenHook, getTokenHook, putTokenHook, rotateTokenHookSecret } from '../../api/custom-claims';
import { ApiError, errorMessage } from '../../api/error';
import { CopyButton } from '../../components/CopyButton';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { useLoad } from '../../lib/use-load';

/** The hook's form, filled from what is saved (or the defaults). */
function HookForm({
  id,
  view,
  onSaved,
}: {
  id: string;
  view: TokenHookView;
  onSaved: (view: TokenHookView, secret?: string) => void;
}) {
  const [url, setUrl] = useState(view.hook?.url ?? '');
  const [timeout, setTimeoutMs] = useState(String(view.hook?.timeoutMs ?? 300));
  const [failMode, setFailMode] = useState<HookFailMode>(view.hook?.failMode ?? 'closed');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    putTokenHook(id, { url, timeoutMs: Number(timeout), failMode })
      .then((saved) => onSaved({ hook: saved.hook, canEdit: true }, saved.secret))
      .catch((e: unknown) => {
        const byField: Record<string, string> = {};
        if (e instanceof ApiError && e.issues.length > 0)
          for (const i of e.issues) byField[i.path] ??= i.message;
        else byField[''] = errorMessage(e);
        setErrors(byField);
      })
      .finally(() => setBusy(false));
  }

  return (
    <form onSubmit={submit} aria-label="Token hook settings">
      <div className="field">
        <label htmlFor="hook-url">URL (https)</label>
        <input
          id="hook-url"
          type="url"
          value={url}
          placeholder="https://claims.example.internal/token-hook"
          aria-invalid={errors.url ? true : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        {errors.url ? (
          <p className="field-error" role="alert">
            URL {errors.url}
          </p>
        ) : null}
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="hook-timeout">Timeout (ms)</label>
          <input
            id="hook-timeout"
            inputMode="numeric"
            value={timeout}
            onChange={(e) => setTimeoutMs(e.target.value)}
          />
          {errors.timeoutMs ? (
            <p className="field-error" role="alert">
              Timeout {errors.timeoutMs}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="hook-fail-mode">When the hook fails</label>
          <select
            id="hook-fail-mode"
            value={failMode}
            onChange={(e) => setFailMode(e.target.value as HookFailMode)}
          >
            <option value="closed">Refuse the token (fail closed)</option>
            <option value="open">Issue it without the hook claims (fail open)</option>
          </select>
        </div>
      </div>
      {errors[''] ? (
        <p className="field-error" role="alert">
          {errors['']}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {view.hook ? 'Save hook' : 'Add hook'}
        </button>
      </div>
    </form>
  );
}

/**
 * The API's token hook: before each token for this API, Gatehouse asks this endpoint for extra
 * claims. Its signing secret shows once, after the hook is added or the secret rotated.
 */
export function TokenHookSection({ id, canEdit }: { id: string; canEdit: boolean }) {
  const notify = useToast();
  const loaded = useLoad(() => getTokenHook(id), [id]);
  const [secret, setSecret] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  if (!loaded.data) {
    return (
      <section className="card" aria-labelledby="hook-heading">
        <h2 id="hook-heading">Token hook</h2>
        <LoadState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }
  const view = loaded.data;
  const editable = canEdit && view.canEdit;
  const saved = (next: TokenHookView, newSecret?: string) => {
    loaded.setData(next);
    setGeneration((g) => g + 1);
    if (newSecret) setSecret(newSecret);
    notify('Token hook saved.');
  };

  return (
    <section className="card" aria-labelledby="hook-heading">
      <h2 id="hook-heading">Token hook</h2>
      <p className="muted">
        Before each token for this API, Gatehouse POSTs the client, scopes and resource to this HTTPS
        endpoint, signed with <code>Gatehouse-Signature</code>, and adds the claims it answers.
      </p>
      {secret ? (
        <div className="secret-box" role="status" data-testid="hook-secret">
          <p>
            Signing secret, shown only now: <code>{secret}</code>
          </p>
          <CopyButton text={secret} label="Copy signing secret" />
          <button type="button" className="button button-secondary" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      ) : null}
      {view.hook && !editable ? (
        <dl className="details">
          <dt>URL</dt>
          <dd>{view.hook.url}</dd>
          <dt>Timeout</dt>
          <dd>{view.hook.timeoutMs} ms</dd>
          <dt>On failure</dt>
          <dd>{view.hook.failMode === 'closed' ? 'Refuse the token' : 'Issue it without the hook claims'}</dd>
        </dl>
      ) : null}
      {!view.hook && !editable ? <p>No token hook.</p> : null}
      {editable ? <HookForm key={generation} id={id} view={view} onSaved={saved} /> : null}
      {editable && view.hook ? (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              rotateTokenHookSecret(id).then(
                (r) => saved({ hook: r.hook, canEdit: true }, r.secret),
                (e: unknown) => notify(errorMessage(e), 'error'),
              )
            }
          >
            Rotate secret
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() =>
              deleteTokenHook(id).then(
                (v) => {
                  loaded.setData(v);
                  setGeneration((g) => g + 1);
                  notify('Token hook removed.');
                },
                (e: unknown) => notify(errorMessage(e), 'error'),
              )
            }
          >
            Remove hook
          </button>
        </div>
      ) : null}
    </section>
  );
}
