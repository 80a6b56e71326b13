import { type ReactNode, useState } from 'react';
import { errorMessage } from '../api/error';
import { Alert } from './Alert';
import { Dialog } from './Dialog';
import { Field } from './Field';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The button's name, e.g. "Delete client". */
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** For what cannot be undone: the person types this (a name) before the button works. */
  typeToConfirm?: string;
  danger?: boolean;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, onConfirm, onClose, typeToConfirm, danger = true } = props;
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = typeToConfirm === undefined || typed === typeToConfirm;

  function confirm() {
    setBusy(true);
    setError(null);
    onConfirm().catch((caught: unknown) => {
      setError(errorMessage(caught));
      setBusy(false);
    });
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready && !busy) confirm();
        }}
      >
        <div className="dialog-text">{children}</div>
        {typeToConfirm !== undefined ? (
          <Field label={`Type ${typeToConfirm} to confirm`}>
            {(control) => (
              <input
                {...control}
                data-autofocus
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        {error ? <Alert>{error}</Alert> : null}
        <div className="dialog-actions">
          {/* Focus starts on the safe choice when nothing needs typing. */}
          <button
            type="button"
            className="button"
            onClick={onClose}
            data-autofocus={typeToConfirm === undefined ? true : undefined}
          >
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${danger ? 'button-danger' : 'button-primary'}`}
            disabled={!ready || busy}
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
