import net from 'node:net';

/** What the proxy does with a connection: forward it, cut it at once, or hold it silently. */
export type ProxyMode = 'pass' | 'drop' | 'blackhole';

/**
 * A TCP proxy in front of a store that a test controls, to play the network faults a store
 * sees in production: `drop()` resets every connection and every new one (a crashed or
 * restarting host), `blackhole()` silences every connection, open or new, without closing it (a
 * partition or a failed-over address), `freeze()` silences only those open now, and `restore()`
 * lets traffic through again, ending the connections that were held as a healed network
 * eventually does.
 */
export class FaultProxy {
  private mode: ProxyMode = 'pass';
  private readonly pairs = new Set<[net.Socket, net.Socket | undefined]>();
  private readonly server = net.createServer((client) => this.accept(client));

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free loopback port and returns it. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** A URL like `url` that goes through this proxy. */
  async proxy(url: string): Promise<string> {
    const proxied = new URL(url);
    proxied.port = String(await this.listen());
    return proxied.href;
  }

  drop(): void {
    this.mode = 'drop';
    this.endAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    this.freeze();
  }

  freeze(): void {
    for (const [client, upstream] of this.pairs) {
      if (upstream) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.pause();
      }
      client.pause();
    }
  }

  restore(): void {
    this.mode = 'pass';
    this.endAll();
  }

  async close(): Promise<void> {
    this.endAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'drop') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'blackhole') {
      // Accepted and then never answered: the client's connect timeout must notice.
      client.pause();
      this.pairs.add([client, undefined]);
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('error', end).on('close', end);
  }

  private endAll(): void {
    for (const pair of this.pairs) {
      pair[0].destroy();
      pair[1]?.destroy();
    }
    this.pairs.clear();
  }
}
