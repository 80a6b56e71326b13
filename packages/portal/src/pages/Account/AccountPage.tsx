import type { AccountSession } from '@gatehouse/schemas';
import { MIN_PASSWORD_LENGTH } from '@gatehouse/schemas';
import { useState } from 'react';
import { changeMyPassword, endMySessions, mySessions } from '../../api/accounts';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Alert } from '../../components/Alert';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { plural } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { FieldErrors } from '../../lib/validation';
import { SessionsTable } from '../Users/SessionsTable';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

function validate(v: PasswordValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.currentPassword) errors.currentPassword = 'is required';
  if (v.newPassword.length < MIN_PASSWORD_LENGTH)
    errors.newPassword = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (v.repeat !== v.newPassword) errors.repeat = 'must match the new password';
  return errors;
}

/** The signed-in person's own account: their password and their sessions. */
export function AccountPage() {
  const { me } = useSession();
  const notify = useToast();
  const sessions = useLoad(() => mySessions(), []);
  const [ending, setEnding] = useState<AccountSession | 'others' | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <>
      <PageHeader title="Your account">
        <p className="muted">{me.user.email}</p>
      </PageHeader>

      <div className="sections">
        {me.user.source === 'local' ? (
          <section className="card" aria-label="Change password">
            <h2>Change password</h2>
            <PasswordForm
              key={formKey}
              onChanged={() => {
                notify('Password changed. Your other sessions have ended.');
                setFormKey((k) => k + 1);
                sessions.reload();
              }}
            />
          </section>
        ) : (
          <section className="card" aria-label="Password">
            <p className="muted">
              You sign in with single sign-on; your password is kept at your identity provider.
            </p>
          </section>
        )}

        <section className="card" aria-label="Your sessions">
          <div className="section-header">
            <h2>Sessions</h2>
            {sessions.data && sessions.data.length > 1 ? (
              <button type="button" className="button" onClick={() => setEnding('others')}>
                End other sessions
              </button>
            ) : null}
          </div>
          {sessions.data ? (
            <SessionsTable sessions={sessions.data} onEnd={setEnding} />
          ) : (
            <LoadState loading={sessions.loading} error={sessions.error} onRetry={sessions.reload} />
          )}
        </section>
      </div>

      {ending !== null ? (
        <ConfirmDialog
          title={ending === 'others' ? 'End your other sessions?' : 'End this session?'}
          confirmLabel={ending === 'others' ? 'End sessions' : 'End session'}
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            const { ended } = await endMySessions(ending === 'others' ? undefined : ending.id);
            if (ending !== 'others' && ending.current) {
              window.location.assign('/login');
              return;
            }
            notify(`Ended ${plural(ended, 'session')}.`);
            setEnding(null);
            sessions.reload();
          }}
        >
          {ending !== 'others' && ending.current
            ? 'This is the session you are using: you will be signed out.'
            : 'Browsers signed in with them will need to sign in again.'}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const form = useForm<PasswordValues>(
    { currentPassword: '', newPassword: '', repeat: '' },
    validate,
    async (v) => {
      await changeMyPassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      onChanged();
    },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="stack">
      <TextField
        form={form}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        check="blur"
      />
      <TextField
        form={form}
        name="newPassword"
        label="New password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        type="password"
        autoComplete="new-password"
        check="blur"
      />
      <TextField
        form={form}
        name="repeat"
        label="New password again"
        type="password"
        autoComplete="new-password"
        check="blur"
      />
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      <div>
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          Change password
        </button>
      </div>
    </form>
  );
}
