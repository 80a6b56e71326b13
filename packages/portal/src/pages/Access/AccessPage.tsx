import { listAccessRequests } from '../../api/access-requests';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { useLoad } from '../../lib/use-load';
import { navigate, useLocation } from '../../router';
import { HistoryTable } from './HistoryTable';
import { RequestList } from './RequestList';

type Tab = 'inbox' | 'sent';

/** Requests for my teams' APIs to decide on, and my teams' own requests to follow. */
export function AccessPage() {
  const { search } = useLocation();
  const tab: Tab = search.get('tab') === 'sent' ? 'sent' : 'inbox';
  const requests = useLoad(() => listAccessRequests(tab === 'inbox' ? 'inbox' : 'outbox'), [tab]);
  const pending = (requests.data ?? []).filter((r) => r.status === 'pending');
  const decided = (requests.data ?? []).filter((r) => r.status !== 'pending');

  return (
    <>
      <PageHeader title="Access requests">
        <p className="muted">Teams ask each other for scopes; the team that owns the API decides.</p>
      </PageHeader>
      <Tabs
        label="Access requests"
        tabs={[
          { id: 'inbox', label: 'Inbox' },
          { id: 'sent', label: 'Sent' },
        ]}
        current={tab}
        onChange={(id) => navigate(id === 'sent' ? '/access?tab=sent' : '/access', { replace: true })}
      >
        {requests.data ? (
          <>
            <section aria-labelledby="pending-heading">
              <h2 id="pending-heading">
                {tab === 'inbox' ? 'Waiting for your decision' : 'Waiting for the owners'}
              </h2>
              <RequestList box={tab} requests={pending} onChanged={requests.reload} />
            </section>
            <section aria-labelledby="history-heading">
              <h2 id="history-heading">History</h2>
              <HistoryTable requests={decided} />
            </section>
          </>
        ) : (
          <LoadState loading={requests.loading} error={requests.error} onRetry={requests.reload} />
        )}
      </Tabs>
    </>
  );
}
