import { useState } from 'react';
import { approveAccessRequest, denyAccessRequest } from '../../api/access-requests';
import { errorMessage } from '../../api/error';
import type { AccessRequest } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useToast } from '../../components/toast-context';
import { announceAccessChanged } from '../../lib/events';

interface DecideDialogProps {
  decision: 'approve' | 'deny';
  request: AccessRequest;
  onClose: () => void;
  onDone: () => void;
}

export function DecideDialog({ decision, request, onClose, onDone }: DecideDialogProps) {
  const notify = useToast();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const approve = decision === 'approve';

  function decide() {
    setBusy(true);
    setError(null);
    (approve ? approveAccessRequest : denyAccessRequest)(request.id, comment.trim())
      .then(() => {
        announceAccessChanged();
        notify(approve ? `${request.client.name} now holds ${request.qualifiedScope}.` : 'Request denied.');
        onDone();
      })
      .catch((caught: unknown) => {
        setError(errorMessage(caught));
        setBusy(false);
      });
  }

  return (
    <Dialog
      title={approve ? 'Approve access?' : 'Deny access?'}
      onClose={onClose}
      description={
        <>
          <strong>{request.client.name}</strong> ({request.client.teamName}) asks for{' '}
          <code>{request.qualifiedScope}</code>.
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) decide();
        }}
      >
        <Field
          label="Comment (optional)"
          hint={
            approve
              ? 'Seen by the requesting team.'
              : 'Tell the requesting team why, or what to ask for instead.'
          }
        >
          {(c) => (
            <textarea
              {...c}
              data-autofocus
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        <FormActions
          error={error}
          submitting={busy}
          submitLabel={approve ? 'Approve' : 'Deny'}
          tone={approve ? 'primary' : 'danger'}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
