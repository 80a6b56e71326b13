import { fetchJsonObject, RemoteError } from './remote.js';
import { type Settings, urlProblem } from './settings.js';

/** What the verifier needs from the issuer's metadata (RFC 8414 or OpenID Connect Discovery). */
export interface ServerEndpoints {
  jwksUri: string;
  /** Gatehouse's `revocation_list_endpoint`; undefined when the server does not advertise one. */
  revocationListUrl: string | undefined;
}

function endpoint(metadata: Record<string, unknown>, name: string, url: string): string | undefined {
  const value = metadata[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new RemoteError(`metadata ${url}: ${name} is not a string`);
  const problem = urlProblem(value);
  if (problem !== undefined) throw new RemoteError(`metadata ${url}: ${name} ${problem}`);
  return value;
}

const ISSUER_HINT = 'is issuer the exact iss of your tokens (for a pool, <issuer>/pools/<pool-id>)?';

/** The fix for the usual way a configured issuer differs from the server's own. */
function issuerHint(served: unknown, configured: string): string {
  if (typeof served !== 'string') return '';
  const fix = `; set the verifier's issuer to ${JSON.stringify(served)}, exactly as tokens carry it in iss`;
  if (served.replace(/\/+$/, '') === configured.replace(/\/+$/, '')) {
    return ` (they differ only by a trailing slash)${fix}`;
  }
  if (served.toLowerCase() === configured.toLowerCase()) return ` (they differ only in case)${fix}`;
  return '';
}

/** Fetches the metadata once (concurrent callers share the request) and remembers it once it succeeds. */
export class Discovery {
  private value: ServerEndpoints | undefined;
  private inflight: Promise<ServerEndpoints> | undefined;

  constructor(private readonly settings: Settings) {}

  get known(): ServerEndpoints | undefined {
    return this.value;
  }

  /** Pre-loads endpoints (from an imported cache). */
  set(endpoints: ServerEndpoints): void {
    this.value = endpoints;
  }

  get(): Promise<ServerEndpoints> {
    if (this.value !== undefined) return Promise.resolve(this.value);
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Tries each place the metadata may be, moving on only when one answers 404: a server that
   * is down or answers wrongly is reported, not papered over by the next guess.
   */
  private async load(): Promise<ServerEndpoints> {
    const { fetch, metadataUrls, issuer } = this.settings;
    let metadata: Record<string, unknown> | undefined;
    let metadataUrl = '';
    const missing: string[] = [];
    for (const url of metadataUrls) {
      metadataUrl = url;
      try {
        metadata = await fetchJsonObject(fetch, url, 'metadata');
        break;
      } catch (error) {
        if (!(error instanceof RemoteError) || error.status !== 404) {
          throw error instanceof RemoteError && error.misplaced === true
            ? new RemoteError(`${error.message}; ${ISSUER_HINT}`)
            : error;
        }
        missing.push(url);
      }
    }
    if (metadata === undefined) {
      throw new RemoteError(
        `metadata of ${issuer}: not found (HTTP 404) at ${missing.join(', ')}; ${ISSUER_HINT}`,
      );
    }
    // RFC 8414 §3.3: the metadata must name the issuer it was fetched for.
    if (metadata.issuer !== issuer) {
      throw new RemoteError(
        `metadata ${metadataUrl}: issuer is ${JSON.stringify(metadata.issuer)}, expected ${JSON.stringify(issuer)}` +
          issuerHint(metadata.issuer, issuer),
      );
    }
    const jwksUri = endpoint(metadata, 'jwks_uri', metadataUrl);
    if (jwksUri === undefined) {
      throw new RemoteError(
        `metadata ${metadataUrl}: no jwks_uri; pass jwksUri to createVerifier if the keys are elsewhere`,
      );
    }
    this.value = {
      jwksUri,
      revocationListUrl: endpoint(metadata, 'revocation_list_endpoint', metadataUrl),
    };
    return this.value;
  }
}
