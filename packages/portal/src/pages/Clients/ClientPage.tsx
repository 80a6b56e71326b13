import { useEffect, useState } from 'react';
import { getClient } from '../../api/clients';
import type { Client, IssuedSecret } from '../../api/types';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { forgetFreshSecret, peekFreshSecret } from '../../lib/fresh-secret';
import { canManageTeam, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link } from '../../router';
import { ClientDetails } from './ClientDetails';
import { DangerZone } from './DangerZone';
import { PermissionsSection } from './PermissionsSection';
import { RolesSection } from './RolesSection';
import { KeysSection } from './KeysSection';
import { NewSecretBox } from './NewSecretBox';
import { SecretsSection } from './SecretsSection';
import { SnippetsSection } from './SnippetsSection';
import { UsageSection } from './UsageSection';
import { LimitsSection } from './LimitsSection';
import { getClientClaims, putClientClaims } from '../../api/custom-claims';
import { ClaimsSection } from '../Claims/ClaimsSection';

export interface NewSecretState {
  secret: IssuedSecret;
  /** Secrets that were live before a rotation, offered for revocation next to the new one. */
  previous: string[];
}

export function ClientPage({ clientId }: { clientId: string }) {
  const { me } = useSession();
  const { nameOf } = useTeams();
  const client = useLoad(() => getClient(clientId), [clientId]);
  // Taken once at mount: the secret from the New client form, if we came from there.
  const [fresh, setFresh] = useState<NewSecretState | null>(() => {
    const secret = peekFreshSecret(clientId);
    return secret ? { secret, previous: [] } : null;
  });
  useEffect(() => forgetFreshSecret(clientId), [clientId]);

  if (!client.data) {
    return (
      <>
        <PageHeader title="Client" eyebrow={<Link to="/">Your APIs and clients</Link>} />
        <LoadState loading={client.loading} error={client.error} onRetry={client.reload} />
      </>
    );
  }

  const c: Client = client.data;
  const manage = canManageTeam(me, c.teamId);
  const update = (next: Client) => client.setData(next);

  return (
    <>
      <PageHeader
        title={c.name}
        eyebrow={
          <>
            <Link to="/">Your APIs and clients</Link> / Client · {nameOf(c.teamId)}
          </>
        }
      >
        {c.enabled ? null : (
          <p>
            <span className="badge badge-danger">Disabled</span> No new tokens are issued and its tokens are
            refused.
          </p>
        )}
        {c.description ? <p className="muted">{c.description}</p> : null}
      </PageHeader>

      {fresh ? (
        <NewSecretBox client={c} state={fresh} onRevoked={client.reload} onDone={() => setFresh(null)} />
      ) : null}

      <div className="sections">
        <ClientDetails client={c} />
        {c.authMethod === 'private_key_jwt' ? (
          <KeysSection client={c} canEdit={manage} onSaved={update} />
        ) : (
          <SecretsSection
            client={c}
            canEdit={manage}
            onRotated={(secret, previous) => {
              setFresh({ secret, previous });
              client.reload();
            }}
            onChanged={client.reload}
          />
        )}
        <PermissionsSection client={c} canEdit={manage} onChanged={update} />
        <RolesSection client={c} canEdit={manage} version={c.permissions} />
        <SnippetsSection client={c} />
        <UsageSection clientId={c.clientId} />
        <LimitsSection clientId={c.clientId} canEdit={manage} />
        <ClaimsSection
          owner="client"
          canEdit={manage}
          load={() => getClientClaims(c.clientId)}
          save={(claims) => putClientClaims(c.clientId, claims)}
          deps={[c.clientId]}
        />
        {manage ? <DangerZone client={c} onChanged={update} /> : null}
      </div>
    </>
  );
}
