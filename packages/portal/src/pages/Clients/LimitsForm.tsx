import { useState, type FormEvent } from 'react';
import type { ClientLimits, RateLimit } from '@gatehouse/schemas';
import { clearClientLimits, putClientLimits } from '../../api/limits';
import { errorMessage } from '../../api/error';
import { useToast } from '../../components/toast-context';

interface LimitsFormProps {
  limits: ClientLimits;
  onSaved: (limits: ClientLimits) => void;
}

type Mode = '' | 'enforce' | 'observe';

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/**
 * The client's own parts; an empty field inherits the team's or the platform's. Team members
 * may only tighten what is inherited: the server says so when a value is above it.
 */
export function LimitsForm({ limits, onSaved }: LimitsFormProps) {
  const notify = useToast();
  const [rate, setRate] = useState(text(limits.own.rate));
  const [burst, setBurst] = useState(text(limits.own.burst));
  const [daily, setDaily] = useState(text(limits.own.daily));
  const [mode, setMode] = useState<Mode>(
    limits.own.observe === undefined ? '' : limits.own.observe ? 'observe' : 'enforce',
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function parse(): RateLimit | string {
    const out: RateLimit = {};
    if (rate.trim() !== '') {
      const n = Number(rate);
      if (!(n > 0)) return 'Rate must be a number of requests per second above 0.';
      out.rate = n;
    }
    for (const [name, raw] of [
      ['burst', burst],
      ['daily', daily],
    ] as const) {
      if (raw.trim() === '') continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1)
        return `${name === 'burst' ? 'Burst' : 'Daily quota'} must be a whole number of at least 1.`;
      out[name] = n;
    }
    if (mode !== '') out.observe = mode === 'observe';
    return out;
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const limit = parse();
    if (typeof limit === 'string') {
      setError(limit);
      return;
    }
    setError(null);
    setBusy(true);
    putClientLimits(limits.clientId, limit)
      .then((saved) => {
        onSaved(saved);
        notify('Limits saved. Every instance applies them within a second.');
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  }

  function clear() {
    setBusy(true);
    clearClientLimits(limits.clientId)
      .then((saved) => {
        setRate('');
        setBurst('');
        setDaily('');
        setMode('');
        onSaved(saved);
        notify('Limits cleared: the client follows its team and the platform.');
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  }

  return (
    <form className="limits-form" onSubmit={save} aria-label="Edit this client's limits">
      <div className="form-row">
        <div className="field">
          <label htmlFor="limit-rate">Rate (requests per second)</label>
          <input id="limit-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="limit-burst">Burst</label>
          <input
            id="limit-burst"
            inputMode="numeric"
            value={burst}
            onChange={(e) => setBurst(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="limit-daily">Tokens per day</label>
          <input
            id="limit-daily"
            inputMode="numeric"
            value={daily}
            onChange={(e) => setDaily(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="limit-mode">Mode</label>
          <select id="limit-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="">Inherit</option>
            <option value="enforce">Enforce (refuse with 429)</option>
            <option value="observe">Observe (count, refuse nothing)</option>
          </select>
        </div>
      </div>
      <p className="field-hint">Leave a field empty to inherit it from the team or the platform.</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          Save limits
        </button>
        <button type="button" className="button" onClick={clear} disabled={busy}>
          Clear
        </button>
      </div>
    </form>
  );
}
