import type { ClientLimits } from '@gatehouse/schemas';
import { getClientLimits } from '../../api/limits';
import { LoadState } from '../../components/LoadState';
import { formatRate, sourceLabel } from '../../lib/rate-limit';
import { useLoad } from '../../lib/use-load';
import { LimitsForm } from './LimitsForm';

function Part({ label, value, source }: { label: string; value: string; source: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {value}
        {source ? <span className="muted"> · {source}</span> : null}
      </dd>
    </>
  );
}

/** The effective limit part by part with where it comes from, today's usage, and the edit form. */
export function LimitsSection({ clientId, canEdit }: { clientId: string; canEdit: boolean }) {
  const limits = useLoad(() => getClientLimits(clientId), [clientId]);
  if (!limits.data) {
    return (
      <section className="card" aria-labelledby="limits-heading">
        <h2 id="limits-heading">Limits</h2>
        <LoadState loading={limits.loading} error={limits.error} onRetry={limits.reload} />
      </section>
    );
  }
  const l: ClientLimits = limits.data;
  const { effective, usage } = l;
  const share = effective.daily === null ? null : Math.min(1, usage.issued / effective.daily);
  return (
    <section className="card" aria-labelledby="limits-heading">
      <h2 id="limits-heading">Limits</h2>
      <dl className="details limits-effective">
        <Part
          label="Rate"
          value={effective.rate === null ? 'No limit' : formatRate(effective.rate)}
          source={sourceLabel(effective.sources.rate)}
        />
        {effective.burst !== null ? (
          <Part label="Burst" value={String(effective.burst)} source={sourceLabel(effective.sources.burst)} />
        ) : null}
        <Part
          label="Tokens per day"
          value={effective.daily === null ? 'No limit' : effective.daily.toLocaleString()}
          source={sourceLabel(effective.sources.daily)}
        />
        <Part
          label="Mode"
          value={effective.observe ? 'Observe: counts, refuses nothing' : 'Enforce: refuses with 429'}
          source={sourceLabel(effective.sources.observe)}
        />
      </dl>
      <p className="usage-summary" data-testid="limits-usage">
        <strong>{usage.issued.toLocaleString()}</strong>
        {effective.daily === null
          ? ' tokens today (UTC)'
          : ` of ${effective.daily.toLocaleString()} tokens today (UTC)`}
      </p>
      {share !== null ? (
        <meter
          className="limits-meter"
          min={0}
          max={1}
          high={0.8}
          value={share}
          aria-label="Daily quota used"
        />
      ) : null}
      {canEdit && l.canEdit ? <LimitsForm limits={l} onSaved={limits.setData} /> : null}
    </section>
  );
}
