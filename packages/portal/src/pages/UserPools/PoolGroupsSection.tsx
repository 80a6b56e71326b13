import { useState } from 'react';
import type { PoolGroup, UserPool } from '@gatehouse/schemas';
import { errorMessage } from '../../api/error';
import {
  addPoolGroupMember,
  deletePoolGroup,
  listPoolGroups,
  listPoolUsers,
  removePoolGroupMember,
} from '../../api/user-pools';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { LoadState } from '../../components/LoadState';
import { useToast } from '../../components/toast-context';
import { useLoad } from '../../lib/use-load';
import { NewPoolGroupDialog } from './NewPoolGroupDialog';

/** The most users the API lists at once: members are found among them. */
const MAX_USERS = 1000;

export function PoolGroupsSection({ pool, canEdit }: { pool: UserPool; canEdit: boolean }) {
  const notify = useToast();
  // Members are read from the users' own group lists: one request for the whole tab.
  const data = useLoad(
    () =>
      Promise.all([listPoolGroups(pool.id), listPoolUsers(pool.id, undefined, MAX_USERS)]).then(
        ([groups, users]) => ({
          groups,
          users,
        }),
      ),
    [pool.id],
  );
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<PoolGroup | null>(null);
  const [adding, setAdding] = useState<Record<string, string>>({});

  const change = (group: string, username: string, add: boolean) =>
    (add ? addPoolGroupMember : removePoolGroupMember)(pool.id, group, username).then(
      () => {
        notify(add ? `${username} added to ${group}.` : `${username} removed from ${group}.`);
        setAdding((a) => ({ ...a, [group]: '' }));
        data.reload();
      },
      (e: unknown) => notify(errorMessage(e), 'error'),
    );

  if (!data.data) return <LoadState loading={data.loading} error={data.error} onRetry={data.reload} />;
  const { groups, users } = data.data;
  const newButton = canEdit ? (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      New group
    </button>
  ) : null;

  return (
    <div className="sections">
      <div className="toolbar">{newButton}</div>
      {groups.length === 0 ? (
        <EmptyState title="No groups yet." action={newButton}>
          Groups reach tokens as <code>groups</code> and <code>cognito:groups</code>, for APIs to decide on.
        </EmptyState>
      ) : (
        groups.map((g) => {
          const members = users.filter((u) => u.groups.includes(g.name));
          const others = users.filter((u) => !u.groups.includes(g.name));
          return (
            <section className="card" key={g.name} aria-labelledby={`group-${g.name}`}>
              <h2 id={`group-${g.name}`}>{g.name}</h2>
              {g.description ? <p className="muted">{g.description}</p> : null}
              {g.precedence !== undefined ? <p className="muted">Precedence {g.precedence}</p> : null}
              {members.length === 0 ? (
                <p className="muted">No members.</p>
              ) : (
                <ul className="member-list" aria-label={`Members of ${g.name}`}>
                  {members.map((u) => (
                    <li key={u.sub}>
                      {u.username}{' '}
                      {canEdit ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => void change(g.name, u.username, false)}
                        >
                          Remove {u.username} from {g.name}
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              {canEdit && others.length > 0 ? (
                <form
                  className="toolbar"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const username = adding[g.name];
                    if (username) void change(g.name, username, true);
                  }}
                >
                  <Field label={`Add a member to ${g.name}`}>
                    {(c) => (
                      <select
                        {...c}
                        value={adding[g.name] ?? ''}
                        onChange={(e) => setAdding((a) => ({ ...a, [g.name]: e.target.value }))}
                      >
                        <option value="">Choose a user…</option>
                        {others.map((u) => (
                          <option key={u.sub} value={u.username}>
                            {u.username}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <button type="submit" className="button" disabled={!adding[g.name]}>
                    Add to {g.name}
                  </button>
                </form>
              ) : null}
              {canEdit ? (
                <div className="danger-row">
                  <button type="button" className="button button-danger" onClick={() => setDeleting(g)}>
                    Delete group {g.name}
                  </button>
                </div>
              ) : null}
            </section>
          );
        })
      )}
      {creating ? (
        <NewPoolGroupDialog
          poolId={pool.id}
          onClose={() => setCreating(false)}
          onCreated={(group) => {
            setCreating(false);
            notify(`Group ${group.name} created.`);
            data.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete group ${deleting.name}?`}
          confirmLabel="Delete group"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deletePoolGroup(pool.id, deleting.name);
            setDeleting(null);
            notify(`Group ${deleting.name} deleted.`);
            data.reload();
          }}
        >
          <p>Its members stay in the pool; new tokens no longer name the group.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
