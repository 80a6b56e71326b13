import { useState } from 'react';
import type { AccessRequest } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatDuration, formatRelative } from '../../lib/format';
import { Link } from '../../router';
import { CancelRequestDialog } from './CancelRequestDialog';
import { DecideDialog } from './DecideDialog';

interface RequestListProps {
  box: 'inbox' | 'sent';
  requests: AccessRequest[];
  onChanged: () => void;
}

type Action = { kind: 'approve' | 'deny' | 'cancel'; request: AccessRequest } | null;

export function RequestList({ box, requests, onChanged }: RequestListProps) {
  const [action, setAction] = useState<Action>(null);
  const done = () => {
    setAction(null);
    onChanged();
  };

  if (requests.length === 0) {
    return box === 'inbox' ? (
      <EmptyState title="Nothing to decide">Requests for your teams’ APIs will appear here.</EmptyState>
    ) : (
      <EmptyState title="No pending requests">
        Ask for another team’s scope from the <Link to="/catalogue">catalogue</Link> or a client’s page.
      </EmptyState>
    );
  }

  return (
    <>
      <ul className="request-list">
        {requests.map((r) => (
          <li key={r.id} className="card request">
            <p className="request-title">
              <strong>{r.client.name}</strong> <span className="muted">({r.client.teamName})</span> asks for{' '}
              <code>{r.qualifiedScope}</code>
            </p>
            <blockquote className="request-reason">{r.reason}</blockquote>
            <p className="request-meta">
              {r.requestedBy.name} ·{' '}
              <time dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                {formatRelative(r.createdAt)}
              </time>{' '}
              · {r.permissionExpiresIn ? `for ${formatDuration(r.permissionExpiresIn)}` : 'no expiry'} · API{' '}
              {r.resourceServer.name} ({r.resourceServer.teamName})
            </p>
            <div className="button-row">
              {box === 'inbox' ? (
                <>
                  <button
                    type="button"
                    className="button button-primary"
                    aria-label={`Approve ${r.client.name} for ${r.qualifiedScope}`}
                    onClick={() => setAction({ kind: 'approve', request: r })}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="button button-danger-outline"
                    aria-label={`Deny ${r.client.name} for ${r.qualifiedScope}`}
                    onClick={() => setAction({ kind: 'deny', request: r })}
                  >
                    Deny
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="button"
                  aria-label={`Cancel request for ${r.qualifiedScope}`}
                  onClick={() => setAction({ kind: 'cancel', request: r })}
                >
                  Cancel request
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {action && action.kind !== 'cancel' ? (
        <DecideDialog
          decision={action.kind}
          request={action.request}
          onClose={() => setAction(null)}
          onDone={done}
        />
      ) : null}
      {action?.kind === 'cancel' ? (
        <CancelRequestDialog request={action.request} onClose={() => setAction(null)} onDone={done} />
      ) : null}
    </>
  );
}
