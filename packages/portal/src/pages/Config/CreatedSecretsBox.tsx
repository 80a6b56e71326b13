import type { ConfigApplied } from '@gatehouse/schemas';
import { CopyButton } from '../../components/CopyButton';
import { useLeaveGuard } from '../../lib/use-leave-guard';
import { LEAVE_WARNING } from '../Clients/NewSecretBox';

interface CreatedSecretsBoxProps {
  secrets: ConfigApplied['secrets'];
  onDone: () => void;
}

/**
 * The new clients' secrets, the only time they are visible: apply returns them once and keeps
 * only their hashes. Styled and guarded like a single client's new secret.
 */
export function CreatedSecretsBox({ secrets, onDone }: CreatedSecretsBoxProps) {
  useLeaveGuard(true, LEAVE_WARNING);
  return (
    <section className="secret-box" aria-labelledby="created-secrets-heading">
      <h2 id="created-secrets-heading">
        {secrets.length === 1 ? 'The new client’s secret' : `The ${secrets.length} new clients’ secrets`}
      </h2>
      <p className="secret-warning">
        <strong>Copy them now. They will not be shown again:</strong> Gatehouse keeps only their hashes. If
        one is lost, rotate that client’s secret on its page.
      </p>
      {secrets.map((s) => (
        <div key={s.secretId} className="created-secret">
          <h3>
            {s.name}
            {s.team !== null ? <span className="muted"> (team {s.team})</span> : null}
          </h3>
          <div className="copy-row">
            <span>Client ID</span>
            <code data-testid="created-client-id">{s.clientId}</code>
            <CopyButton text={s.clientId} label={`Copy client ID of ${s.name}`} />
          </div>
          <div className="secret-value">
            <code data-testid="created-secret">{s.secret}</code>
            <CopyButton
              text={s.secret}
              label={`Copy secret of ${s.name}`}
              className="button button-primary"
            />
          </div>
        </div>
      ))}
      <button type="button" className="button" onClick={onDone}>
        I have stored the {secrets.length === 1 ? 'secret' : 'secrets'}
      </button>
    </section>
  );
}
