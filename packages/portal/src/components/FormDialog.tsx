import type { ReactNode } from 'react';
import type { Form } from '../lib/use-form';
import { Dialog } from './Dialog';
import { FormActions } from './FormActions';

interface FormDialogProps {
  title: string;
  onClose: () => void;
  form: Pick<Form<object>, 'onSubmit' | 'formError' | 'submitting'>;
  submitLabel: string;
  children: ReactNode;
  wide?: boolean;
  description?: ReactNode;
}

/** A dialog that is one form: its fields, then the form's error, Cancel and the submit button. */
export function FormDialog({ form, submitLabel, children, ...dialog }: FormDialogProps) {
  return (
    <Dialog {...dialog}>
      <form onSubmit={form.onSubmit} noValidate className="stack">
        {children}
        <FormActions
          error={form.formError}
          submitting={form.submitting}
          submitLabel={submitLabel}
          onCancel={dialog.onClose}
        />
      </form>
    </Dialog>
  );
}
