import http from 'node:http';
import https from 'node:https';

/** One upstream URL: the keep-alive pool of its origin, and how to address it. */
export interface Upstream {
  readonly agent: http.Agent;
  readonly request: typeof http.request;
  readonly hostname: string;
  readonly port: number;
  /** Sent as Host. */
  readonly host: string;
  /** The upstream URL's path without a trailing slash ('' for none), put before every forwarded path. */
  readonly basePath: string;
}

/** Upstreams by URL, sharing one keep-alive pool per origin. */
export class Upstreams {
  private readonly agents = new Map<string, http.Agent>();
  private readonly byUrl = new Map<string, Upstream>();

  get(url: string): Upstream {
    const known = this.byUrl.get(url);
    if (known) return known;
    const parsed = new URL(url);
    const secure = parsed.protocol === 'https:';
    let agent = this.agents.get(parsed.origin);
    if (!agent) {
      const options: http.AgentOptions = {
        keepAlive: true,
        scheduling: 'lifo',
        maxFreeSockets: 1024,
      };
      agent = secure ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(parsed.origin, agent);
    }
    const upstream: Upstream = {
      agent,
      request: secure ? https.request : http.request,
      hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
      host: parsed.host,
      basePath: parsed.pathname.replace(/\/+$/, ''),
    };
    this.byUrl.set(url, upstream);
    return upstream;
  }

  /** Closes every pooled connection. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }
}
