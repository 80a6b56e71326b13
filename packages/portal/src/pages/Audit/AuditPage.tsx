import { useEffect, useState } from 'react';
import { type AuditFilter, auditExportUrl, listAudit } from '../../api/audit';
import { errorMessage } from '../../api/error';
import type { AuditEvent } from '../../api/types';
import { Alert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

interface Page {
  events: AuditEvent[];
  nextCursor: string | null;
}

/** Who changed what, when and from where; filtered, paged by cursor, exportable as JSON lines. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setPage(null);
    setError(null);
    listAudit(filter).then(
      (answer) => current && setPage(answer),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [filter]);

  function loadMore() {
    if (!page?.nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    listAudit(filter, page.nextCursor)
      .then((answer) =>
        setPage({ events: [...page.events, ...answer.events], nextCursor: answer.nextCursor }),
      )
      .catch((caught: unknown) => setMoreError(errorMessage(caught)))
      .finally(() => setLoadingMore(false));
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        actions={
          <a className="button" href={auditExportUrl(filter)} download>
            Export JSON lines
          </a>
        }
      >
        <p className="muted">Every change to teams, APIs, clients, secrets and access, newest first.</p>
      </PageHeader>
      <AuditFilters onApply={setFilter} />
      {page ? (
        page.events.length === 0 ? (
          <EmptyState title="No events match these filters" />
        ) : (
          <>
            <AuditTable events={page.events} />
            {moreError ? <Alert>{moreError}</Alert> : null}
            {page.nextCursor ? (
              <div className="load-more">
                <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
                  {loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            ) : null}
          </>
        )
      ) : (
        <LoadState loading={!error} error={error} onRetry={() => setFilter({ ...filter })} />
      )}
    </>
  );
}
