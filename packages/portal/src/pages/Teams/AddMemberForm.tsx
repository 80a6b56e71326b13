import { addMember } from '../../api/teams';
import type { TeamRole } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { useToast } from '../../components/toast-context';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';

interface Values {
  email: string;
  role: TeamRole;
}

function validate(v: Values): FieldErrors {
  return /^[^\s@]+@[^\s@]+$/.test(v.email.trim()) ? {} : { email: 'must be an email address' };
}

/** Adds someone who already has a Gatehouse account (or signs in with SSO) by email. */
export function AddMemberForm({ teamId, onAdded }: { teamId: string; onAdded: () => void }) {
  const notify = useToast();
  const form = useForm<Values>({ email: '', role: 'member' }, validate, async (v) => {
    const member = await addMember(teamId, { email: v.email.trim(), role: v.role });
    notify(`${member.name || member.email} added.`);
    onAdded();
  });

  return (
    <form onSubmit={form.onSubmit} noValidate className="inline-form" aria-label="Add a member">
      <Field label="Email" error={form.error('email')} className="grow">
        {(c) => (
          <input
            {...c}
            type="email"
            autoComplete="off"
            value={form.values.email}
            onChange={(e) => form.set('email', e.target.value, false)}
            onBlur={() => form.values.email && form.touch('email')}
          />
        )}
      </Field>
      <Field label="Role" error={form.error('role')} className="field-narrow">
        {(c) => (
          <select
            {...c}
            value={form.values.role}
            onChange={(e) => form.set('role', e.target.value as TeamRole)}
          >
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={form.submitting}>
        Add member
      </button>
      {form.formError ? <Alert>{form.formError}</Alert> : null}
    </form>
  );
}
