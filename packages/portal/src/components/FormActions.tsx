import { Alert } from './Alert';

interface FormActionsProps {
  /** The form's own error (not a field's): shown above the buttons and announced. */
  error: string | null;
  submitting: boolean;
  submitLabel: string;
  onCancel: () => void;
}

/** The end of every dialog form: its error, then Cancel and the submit button. */
export function FormActions({ error, submitting, submitLabel, onCancel }: FormActionsProps) {
  return (
    <>
      {error ? <Alert>{error}</Alert> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
