import { Alert } from './Alert';

interface FormActionsProps {
  /** The form's own error (not a field's): shown above the buttons and announced. */
  error: string | null;
  /** Disables the action button: the request is on its way, or the action is not allowed yet. */
  submitting: boolean;
  submitLabel: string;
  onCancel: () => void;
  /** `danger` for an action that removes or refuses something. */
  tone?: 'primary' | 'danger';
  /** Makes the action a plain button that calls this, for a dialog that is not a form. */
  onSubmit?: () => void;
}

/** The end of every dialog: its error, then Cancel and the action button. */
export function FormActions({
  error,
  submitting,
  submitLabel,
  onCancel,
  tone = 'primary',
  onSubmit,
}: FormActionsProps) {
  return (
    <>
      {error ? <Alert>{error}</Alert> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type={onSubmit ? 'button' : 'submit'}
          className={`button button-${tone}`}
          onClick={onSubmit}
          disabled={submitting}
        >
          {submitLabel}
        </button>
      </div>
    </>
  );
}
