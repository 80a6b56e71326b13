import { useState } from 'react';
import { revokeSecret } from '../../api/clients';
import { errorMessage } from '../../api/error';
import type { Client } from '../../api/types';
import { secretHint } from '../../lib/format';
import { CopyButton } from '../../components/CopyButton';
import { useToast } from '../../components/toast-context';
import { useLeaveGuard } from '../../lib/use-leave-guard';
import type { NewSecretState } from './ClientPage';

interface NewSecretBoxProps {
  client: Client;
  state: NewSecretState;
  onRevoked: () => void;
  onDone: () => void;
}

export const LEAVE_WARNING =
  'The new secret is shown only now and will not be shown again. Leave this page anyway?';

/** The only time a secret is visible: after creation or rotation, until the person is done. */
export function NewSecretBox({ client, state, onRevoked, onDone }: NewSecretBoxProps) {
  const notify = useToast();
  useLeaveGuard(true, LEAVE_WARNING);
  const [revoked, setRevoked] = useState<string[]>([]);
  const oldSecrets = client.secrets.filter(
    (s) => state.previous.includes(s.id) && !s.revokedAt && !revoked.includes(s.id),
  );

  function revokeOld(id: string, hint: string) {
    revokeSecret(client.clientId, id).then(
      () => {
        setRevoked((list) => [...list, id]);
        notify(`Old secret ${secretHint(hint)} revoked.`);
        onRevoked();
      },
      (error: unknown) => notify(errorMessage(error), 'error'),
    );
  }

  return (
    <section className="secret-box" aria-labelledby="new-secret-heading">
      <h2 id="new-secret-heading">Your new client secret</h2>
      <p className="secret-warning">
        <strong>Copy it now. It will not be shown again:</strong> Gatehouse keeps only its hash. If it is
        lost, rotate the secret.
      </p>
      <div className="secret-value">
        <code data-testid="new-secret">{state.secret.secret}</code>
        <CopyButton text={state.secret.secret} label="Copy secret" className="button button-primary" />
      </div>
      {oldSecrets.length > 0 ? (
        <div className="secret-old">
          <p>Once every caller uses the new secret, revoke the old one. It stops working within a second.</p>
          {oldSecrets.map((s) => (
            <button
              key={s.id}
              type="button"
              className="button button-danger"
              onClick={() => revokeOld(s.id, s.hint)}
            >
              Revoke old secret {secretHint(s.hint)}
            </button>
          ))}
        </div>
      ) : null}
      <button type="button" className="button" onClick={onDone}>
        I have stored the secret
      </button>
    </section>
  );
}
