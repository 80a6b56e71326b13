import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/toast-context';

interface FixButtonProps {
  /** The button's words, e.g. "Disable". */
  label: string;
  /** What screen readers hear: the action and what it acts on. */
  ariaLabel: string;
  title: string;
  confirmLabel: string;
  /** What happens, said before it happens. */
  children: ReactNode;
  /** Does the fix; its message is shown when it succeeds. */
  run: () => Promise<string>;
  onDone: () => void;
  danger?: boolean;
}

/** A report row's fix: one button, a confirmation, then the same API call the client page makes. */
export function FixButton(props: FixButtonProps) {
  const { label, ariaLabel, title, confirmLabel, children, run, onDone, danger = true } = props;
  const notify = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`button button-small ${danger ? 'button-danger-outline' : ''}`}
        aria-label={ariaLabel}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open ? (
        <ConfirmDialog
          title={title}
          confirmLabel={confirmLabel}
          danger={danger}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            const message = await run();
            setOpen(false);
            notify(message);
            onDone();
          }}
        >
          {children}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
