import { createAccessRequest } from '../../api/access-requests';
import { listClients } from '../../api/clients';
import { getCatalogue } from '../../api/resource-servers';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast-context';
import { announceAccessChanged } from '../../lib/events';
import { daysToSeconds } from '../../lib/expiry';
import { useForm } from '../../lib/use-form';
import { useLoad } from '../../lib/use-load';
import type { FieldErrors } from '../../lib/validation';
import { ScopeSelect } from './ScopeSelect';

interface RequestAccessDialogProps {
  /** From a client page: the client is fixed, the scope is chosen. */
  clientId?: string;
  /** From the catalogue: the scope is fixed, the client is chosen. */
  scope?: string;
  onClose: () => void;
}

interface Values {
  clientId: string;
  scope: string;
  reason: string;
  days: string;
}

function validate(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.clientId) errors.clientId = 'choose the client that needs the scope';
  if (!v.scope) errors.scope = 'choose a scope';
  if (!v.reason.trim()) errors.reason = 'tell the API’s owners why the client needs it';
  else if (v.reason.length > 1000) errors.reason = 'must be at most 1000 characters';
  const expiry = daysToSeconds(v.days);
  if (expiry.error) errors.expiresIn = expiry.error;
  return errors;
}

/** Asks the team that owns an API to give one of my clients a permission on one of its scopes. */
export function RequestAccessDialog({ clientId, scope, onClose }: RequestAccessDialogProps) {
  const notify = useToast();
  const clients = useLoad(() => (clientId ? Promise.resolve([]) : listClients()), [clientId]);
  const catalogue = useLoad(() => (scope ? Promise.resolve([]) : getCatalogue()), [scope]);
  const form = useForm<Values>(
    { clientId: clientId ?? '', scope: scope ?? '', reason: '', days: '' },
    validate,
    async (v) => {
      await createAccessRequest({
        clientId: v.clientId,
        scope: v.scope,
        reason: v.reason.trim(),
        expiresIn: daysToSeconds(v.days).seconds,
      });
      announceAccessChanged();
      notify('Access requested. The API’s owners will see it in their inbox.');
      onClose();
    },
  );
  const { values, set, error } = form;

  return (
    <FormDialog
      title="Request access"
      onClose={onClose}
      form={form}
      submitLabel="Send request"
      description={
        scope ? (
          <>
            For <code>{scope}</code>.
          </>
        ) : (
          'The API’s owners approve or deny the request.'
        )
      }
    >
      {clientId ? null : (
        <Field label="Client" error={error('clientId')}>
          {(c) => (
            <select
              {...c}
              data-autofocus
              value={values.clientId}
              onChange={(e) => set('clientId', e.target.value)}
            >
              <option value="">{clients.loading ? 'Loading…' : 'Choose a client…'}</option>
              {(clients.data ?? []).map((client) => (
                <option key={client.clientId} value={client.clientId}>
                  {client.name} ({client.clientId})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {scope ? null : (
        <ScopeSelect
          catalogue={catalogue.data ?? []}
          loading={catalogue.loading}
          value={values.scope}
          onChange={(s) => set('scope', s)}
          error={error('scope')}
        />
      )}
      <TextField
        form={form}
        name="reason"
        label="Reason"
        hint="What the client will do with it; the owners decide on this."
        rows={3}
      />
      <TextField
        form={form}
        name="days"
        errorKey="expiresIn"
        label="Access for (days)"
        hint="Optional. Empty asks for access that does not expire."
        inputMode="numeric"
      />
    </FormDialog>
  );
}
