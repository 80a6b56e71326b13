import { getUsage } from '../../api/clients';
import type { Usage } from '../../api/types';
import { BarChart } from '../../components/BarChart';
import { LoadState } from '../../components/LoadState';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

const DAYS = 30;

/** Every day of the window, zero where the server had nothing to report. */
function fillDays(usage: Usage, today = new Date()): { label: string; value: number }[] {
  const counts = new Map(usage.days.map((d) => [d.day, d.count]));
  const days: { label: string; value: number }[] = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const key = day.toISOString().slice(0, 10);
    days.push({ label: key, value: counts.get(key) ?? 0 });
  }
  return days;
}

export function UsageSection({ clientId }: { clientId: string }) {
  const usage = useLoad(() => getUsage(clientId, DAYS), [clientId]);
  return (
    <section className="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      {usage.data ? (
        <>
          <p className="usage-summary">
            <strong>{usage.data.total.toLocaleString()}</strong> {usage.data.total === 1 ? 'token' : 'tokens'}{' '}
            in the last {DAYS} days · last used{' '}
            {usage.data.lastUsedAt ? (
              <time dateTime={usage.data.lastUsedAt} title={formatDateTime(usage.data.lastUsedAt)}>
                {formatRelative(usage.data.lastUsedAt)}
              </time>
            ) : (
              'never'
            )}
          </p>
          <BarChart
            title={`Tokens per day, last ${DAYS} days`}
            data={fillDays(usage.data)}
            valueLabel="Tokens"
          />
        </>
      ) : (
        <LoadState loading={usage.loading} error={usage.error} onRetry={usage.reload} />
      )}
    </section>
  );
}
