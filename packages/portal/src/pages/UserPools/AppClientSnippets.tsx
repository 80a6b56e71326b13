import type { AppClient, UserPool } from '@gatehouse/schemas';
import { CopyButton } from '../../components/CopyButton';
import { expressSnippet, spaSnippet } from './app-client-snippets';

/** Ready-to-paste sign-in code with this pool's URLs and this client's id filled in. */
export function AppClientSnippets({ pool, client }: { pool: UserPool; client: AppClient }) {
  const express = expressSnippet(pool, client);
  const spa = client.public ? spaSnippet(pool, client) : null;
  return (
    <div>
      <h3>Sign people in</h3>
      <div className="snippet">
        <div className="snippet-header">
          <h3>Express backend (authorization code{client.public ? ' with PKCE' : ''})</h3>
          <CopyButton text={express} label={`Copy Express code for ${client.name}`} />
        </div>
        <pre data-testid="snippet-express">
          <code>{express}</code>
        </pre>
        {client.public ? null : (
          <p className="muted">
            Set <code>POOL_CLIENT_SECRET</code> to the client secret and <code>SESSION_SECRET</code> to a long
            random value.
          </p>
        )}
      </div>
      {spa ? (
        <div className="snippet">
          <div className="snippet-header">
            <h3>Single-page app with oidc-client-ts (PKCE)</h3>
            <CopyButton text={spa} label={`Copy single-page app code for ${client.name}`} />
          </div>
          <pre data-testid="snippet-spa">
            <code>{spa}</code>
          </pre>
        </div>
      ) : (
        <p className="muted">
          A single-page app cannot keep a secret: create a public app client for it, and its snippet shows
          here.
        </p>
      )}
    </div>
  );
}
