import { EMAIL_PATTERN } from '@gatehouse/schemas';
import { inviteMember } from '../../api/teams';
import type { TeamRole } from '../../api/types';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { useToast } from '../../components/toast-context';
import { formatDate } from '../../lib/format';
import { useForm } from '../../lib/use-form';
import type { FieldErrors } from '../../lib/validation';

interface Values {
  email: string;
  role: TeamRole;
}

function validate(v: Values): FieldErrors {
  return EMAIL_PATTERN.test(v.email.trim()) ? {} : { email: 'must be an email address' };
}

/**
 * Invites by email. The person joins only when they accept, after signing in with that email;
 * the answer does not say whether they have an account yet.
 */
export function InviteDialog({
  teamId,
  teamName,
  onClose,
  onInvited,
}: {
  teamId: string;
  teamName: string;
  onClose: () => void;
  onInvited: () => void;
}) {
  const notify = useToast();
  const form = useForm<Values>({ email: '', role: 'member' }, validate, async (v) => {
    const invitation = await inviteMember(teamId, { email: v.email.trim(), role: v.role });
    notify(`Invitation sent to ${invitation.email}. It is open until ${formatDate(invitation.expiresAt)}.`);
    onInvited();
  });

  return (
    <FormDialog
      title={`Invite to ${teamName}`}
      onClose={onClose}
      description="They see the invitation when they sign in with this email, and join when they accept it."
      form={form}
      submitLabel="Send invitation"
    >
      <Field label="Email" error={form.error('email')}>
        {(c) => (
          <input
            {...c}
            data-autofocus
            type="email"
            autoComplete="off"
            value={form.values.email}
            onChange={(e) => form.set('email', e.target.value, false)}
            onBlur={() => form.values.email && form.touch('email')}
          />
        )}
      </Field>
      <Field
        label="Role"
        error={form.error('role')}
        hint="Owners manage members and decide on access requests."
      >
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
    </FormDialog>
  );
}
