import type { Client } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { useSession } from '../../lib/session';
import { curlSnippet, sdkSnippet } from './snippets';

/** Ready-to-paste code with this client's id, the real endpoint and its scopes filled in. */
export function SnippetsSection({ client }: { client: Client }) {
  const { config } = useSession();
  const keyed = client.authMethod === 'private_key_jwt';
  const curl = curlSnippet(client, config.tokenEndpoint);
  const sdk = sdkSnippet(client, config.issuer);

  return (
    <section className="card" aria-labelledby="snippets-heading">
      <h2 id="snippets-heading">Get a token</h2>
      {keyed ? null : (
        <div className="snippet">
          <div className="snippet-header">
            <h3>curl</h3>
            <CopyButton text={curl} label="Copy curl command" />
          </div>
          <pre data-testid="snippet-curl">
            <code>{curl}</code>
          </pre>
        </div>
      )}
      <div className="snippet">
        <div className="snippet-header">
          <h3>Node.js with @gatehouse/client</h3>
          <CopyButton text={sdk} label="Copy Node.js code" />
        </div>
        <pre data-testid="snippet-node">
          <code>{sdk}</code>
        </pre>
      </div>
      {client.scopes.length === 0 ? (
        <p className="muted">Give the client a permission first: a token request without one is refused.</p>
      ) : null}
    </section>
  );
}
