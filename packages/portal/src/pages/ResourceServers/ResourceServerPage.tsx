import { useState } from 'react';
import { getResourceServer } from '../../api/resource-servers';
import { CopyButton } from '../../components/CopyButton';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatDuration } from '../../lib/format';
import { canManageTeam, useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { useTeams } from '../../lib/use-teams';
import { Link } from '../../router';
import { ResourceServerScopes } from './ResourceServerScopes';
import { DeleteResourceServerDialog } from './DeleteResourceServerDialog';
import { EditResourceServerDialog } from './EditResourceServerDialog';
import { TokenProfileSection } from './TokenProfileSection';
import { tokenProfileHint } from './token-profiles';
import { getResourceServerClaims, putResourceServerClaims } from '../../api/custom-claims';
import { ClaimsSection } from '../Claims/ClaimsSection';
import { TokenHookSection } from '../Claims/TokenHookSection';

export function ResourceServerPage({ id }: { id: string }) {
  const { me } = useSession();
  const { nameOf, owners } = useTeams();
  const load = useLoad(() => getResourceServer(id), [id]);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);

  if (!load.data) {
    return (
      <>
        <PageHeader title="API" eyebrow={<Link to="/">Your APIs and clients</Link>} />
        <LoadState loading={load.loading} error={load.error} onRetry={load.reload} />
      </>
    );
  }
  const rs = load.data;
  const manage = canManageTeam(me, rs.teamId) && !rs.builtIn;

  return (
    <>
      <PageHeader
        title={rs.name}
        eyebrow={
          <>
            <Link to="/">Your APIs and clients</Link> / API · {nameOf(rs.teamId)}
          </>
        }
        actions={
          manage ? (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit API
            </button>
          ) : undefined
        }
      >
        {rs.description ? <p className="muted">{rs.description}</p> : null}
      </PageHeader>
      <div className="sections">
        <section className="card" aria-labelledby="api-details-heading">
          <h2 id="api-details-heading">Tokens for this API</h2>
          <dl className="details">
            <dt>Identifier (aud)</dt>
            <dd className="copy-row">
              <code data-testid="api-identifier">{rs.identifier}</code>
              <CopyButton text={rs.identifier} label="Copy identifier" />
            </dd>
            <dt>Token lifetime</dt>
            <dd>
              {formatDuration(rs.tokenTtl)} <span className="muted">({rs.tokenTtl} s)</span>
            </dd>
            <dt>Signing algorithm</dt>
            <dd>{rs.signingAlg}</dd>
            <dt>Token profile</dt>
            <dd>
              {rs.tokenProfile} <span className="muted">{tokenProfileHint(rs.tokenProfile)}</span>
            </dd>
            <dt>Created</dt>
            <dd>{formatDateTime(rs.createdAt)}</dd>
          </dl>
          <p className="muted">
            Verify tokens with <code>@gatehouse/verify</code>: audience <code>{rs.identifier}</code>, and the
            scope each route needs.
          </p>
          {manage ? <TokenProfileSection server={rs} onChanged={load.setData} /> : null}
        </section>
        <ResourceServerScopes server={rs} canEdit={manage} onChanged={load.setData} />
        {rs.builtIn ? null : (
          <>
            <ClaimsSection
              owner="API"
              canEdit={manage}
              load={() => getResourceServerClaims(rs.id)}
              save={(claims) => putResourceServerClaims(rs.id, claims)}
              deps={[rs.id]}
            />
            <TokenHookSection id={rs.id} canEdit={manage} />
          </>
        )}
        {manage ? (
          <section className="card card-danger" aria-labelledby="api-danger-heading">
            <h2 id="api-danger-heading">Delete</h2>
            <div className="danger-row">
              <p>Deleting the API stops all tokens for it. Clients holding its scopes lose them.</p>
              <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                Delete API
              </button>
            </div>
          </section>
        ) : null}
      </div>
      {deleting ? <DeleteResourceServerDialog server={rs} onClose={() => setDeleting(false)} /> : null}
      {editing ? (
        <EditResourceServerDialog
          server={rs}
          teams={owners}
          onClose={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            load.setData(updated);
          }}
        />
      ) : null}
    </>
  );
}
