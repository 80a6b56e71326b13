import { Fragment, useState } from 'react';
import type { AuditEvent } from '../../api/types';
import { formatDateTime } from '../../lib/format';

/** Events with a Details toggle per row that shows the before and after JSON. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">Audit events</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From IP</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const expanded = open.has(event.id);
            const detailsId = `audit-details-${event.id}`;
            return (
              <Fragment key={event.id}>
                <tr>
                  <td className="nowrap">
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td>
                    {event.actor.name} <span className="muted">({event.actor.type})</span>
                  </td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>
                    <span className="muted">{event.target.type}</span> {event.target.name ?? event.target.id}
                  </td>
                  <td>{event.ip ?? '—'}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      aria-label={`Details of ${event.action} at ${formatDateTime(event.at)}`}
                      onClick={() => toggle(event.id)}
                    >
                      Details
                    </button>
                  </td>
                </tr>
                <tr id={detailsId} className="audit-details" hidden={!expanded}>
                  <td colSpan={6}>
                    <div className="diff">
                      <div>
                        <h3>Before</h3>
                        <pre>
                          {event.before === null || event.before === undefined
                            ? '—'
                            : JSON.stringify(event.before, null, 2)}
                        </pre>
                      </div>
                      <div>
                        <h3>After</h3>
                        <pre>
                          {event.after === null || event.after === undefined
                            ? '—'
                            : JSON.stringify(event.after, null, 2)}
                        </pre>
                      </div>
                    </div>
                    {event.userAgent ? <p className="muted">User agent: {event.userAgent}</p> : null}
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
