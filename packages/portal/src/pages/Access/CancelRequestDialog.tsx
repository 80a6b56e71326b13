import { cancelAccessRequest } from '../../api/access-requests';
import type { AccessRequest } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/toast-context';
import { announceAccessChanged } from '../../lib/events';

interface CancelRequestDialogProps {
  request: AccessRequest;
  onClose: () => void;
  onDone: () => void;
}

export function CancelRequestDialog({ request, onClose, onDone }: CancelRequestDialogProps) {
  const notify = useToast();
  return (
    <ConfirmDialog
      title="Cancel this request?"
      confirmLabel="Cancel request"
      onClose={onClose}
      onConfirm={async () => {
        await cancelAccessRequest(request.id);
        announceAccessChanged();
        notify('Request cancelled.');
        onDone();
      }}
    >
      The owners of <code>{request.resourceServer.identifier}</code> will no longer see the request for{' '}
      <code>{request.qualifiedScope}</code>.
    </ConfirmDialog>
  );
}
