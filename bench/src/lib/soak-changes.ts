import { performance } from 'node:perf_hooks';
import { RESOURCES, SCOPE, type BenchClient } from './clients.js';
import { type AdminApi, type Answer, accessToken, postAs, requestToken } from './soak-admin.js';

/** Clients the change loop keeps in its team; past this it deletes the oldest, so lists stay short. */
const KEEP = 6;
const PERMISSION = `${RESOURCES.ES256}/${SCOPE}`;
/** Kinds of change in one cycle (see `change`). */
const STEPS = 7;

interface ChurnClient extends BenchClient {
  /** Secret ids, oldest first; the last one is `secret`'s. */
  secretIds: string[];
  enabled: boolean;
  permitted: boolean;
}

/** What the change loop did; `unexpected` counts answers that were not what the change implies. */
export interface ChangeStats {
  done: Record<string, number>;
  unexpected: string[];
  /** Milliseconds each change took, admin API call and the token request that checks it. */
  durations: number[];
  /** Ticks that began late because the change before them took longer than its second. */
  late: number;
}

type Step = (clients: ChurnClient[]) => Promise<string | undefined>;

/**
 * One change every `intervalMs` through the admin API (or the revocation endpoint), each
 * followed by a token request that shows it took effect: the admin API applies a change on this
 * instance before it answers, so the very next request must see it.
 */
export class ChangeLoop {
  readonly stats: ChangeStats = { done: {}, unexpected: [], durations: [], late: 0 };
  private readonly clients: ChurnClient[] = [];
  private stopped = false;
  private running: Promise<void> | undefined;
  private tick = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly api: AdminApi,
    private readonly teamId: string,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<ChangeStats> {
    this.stopped = true;
    await this.running;
    return this.stats;
  }

  private async loop(): Promise<void> {
    const started = performance.now();
    while (!this.stopped) {
      const at = performance.now();
      const kind = await this.change();
      this.stats.durations.push(performance.now() - at);
      this.stats.done[kind] = (this.stats.done[kind] ?? 0) + 1;
      this.tick++;
      const wait = started + this.tick * this.intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else this.stats.late++;
    }
  }

  private expect(what: string, got: Answer, status: number | 'refused'): void {
    const ok = status === 'refused' ? got.status === 400 || got.status === 401 : got.status === status;
    if (!ok && this.stats.unexpected.length < 20) {
      this.stats.unexpected.push(`${what}: ${got.status} ${JSON.stringify(got.body)}`);
    } else if (!ok) this.stats.unexpected.push(what);
  }

  /** The next change in the cycle; creates a client first when there is none to change. */
  private async change(): Promise<string> {
    const steps: [string, Step][] = [
      ['create client', () => this.create()],
      ['add secret', (c) => this.addSecret(c)],
      ['revoke secret', (c) => this.revokeSecret(c)],
      ['change permissions', (c) => this.togglePermission(c)],
      ['disable/enable client', (c) => this.toggleEnabled(c)],
      ['revoke token', (c) => this.revokeToken(c)],
      ['delete client', (c) => this.deleteOldest(c)],
    ];
    const [kind, step] = steps[this.tick % STEPS] as [string, Step];
    try {
      const skipped = this.clients.length === 0 ? await this.create() : await step(this.clients);
      return skipped ?? kind;
    } catch (error) {
      this.stats.unexpected.push(`${kind}: ${String(error)}`);
      return kind;
    }
  }

  /** The client secrets are rotated on: the newest one. */
  private newest(clients: ChurnClient[]): ChurnClient {
    return clients.at(-1) as ChurnClient;
  }

  /** The client a switch (permission, enabled) flips: a different one each cycle, so both ways happen. */
  private picked(clients: ChurnClient[]): ChurnClient {
    return clients[Math.floor(this.tick / STEPS) % clients.length] as ChurnClient;
  }

  private async create(): Promise<string | undefined> {
    const made = await this.api.call('POST', '/api/v1/clients', {
      name: `soak ${this.tick}`,
      teamId: this.teamId,
      scopes: [PERMISSION],
    });
    this.expect('create client', made, 201);
    const client = made.body?.client as { clientId?: string } | undefined;
    const secret = made.body?.secret as { id?: string; secret?: string } | undefined;
    if (!client?.clientId || !secret?.id || !secret.secret) return 'create client';
    const created: ChurnClient = {
      clientId: client.clientId,
      secret: secret.secret,
      secretIds: [secret.id],
      enabled: true,
      permitted: true,
    };
    this.clients.push(created);
    this.expect('token for a new client', await requestToken(this.baseUrl, created), 200);
    return 'create client';
  }

  private async addSecret(clients: ChurnClient[]): Promise<undefined> {
    const client = this.newest(clients);
    const added = await this.api.call('POST', `/api/v1/clients/${client.clientId}/secrets`, {});
    this.expect('add secret', added, 201);
    const id = added.body?.id;
    const value = added.body?.secret;
    if (typeof id !== 'string' || typeof value !== 'string') return undefined;
    const old = { ...client };
    client.secret = value;
    client.secretIds.push(id);
    // Both secrets work during a rotation.
    const expected = client.enabled && client.permitted ? 200 : 'refused';
    this.expect('token with the new secret', await requestToken(this.baseUrl, client), expected);
    this.expect('token with the old secret', await requestToken(this.baseUrl, old), expected);
    return undefined;
  }

  private async revokeSecret(clients: ChurnClient[]): Promise<string | undefined> {
    const client = this.newest(clients);
    if (client.secretIds.length < 2) return this.addSecret(clients).then(() => 'add secret');
    const oldId = client.secretIds.shift() as string;
    const revoked = await this.api.call('DELETE', `/api/v1/clients/${client.clientId}/secrets/${oldId}`);
    this.expect('revoke secret', revoked, 200);
    // The remaining secret is the newest; a token with the one just revoked cannot be tested
    // without keeping its value, which the loop drops on purpose once it is replaced.
    const expected = client.enabled && client.permitted ? 200 : 'refused';
    this.expect('token after revoking the old secret', await requestToken(this.baseUrl, client), expected);
    return undefined;
  }

  private async togglePermission(clients: ChurnClient[]): Promise<undefined> {
    const client = this.picked(clients);
    const path = `/api/v1/clients/${client.clientId}/permissions`;
    const changed = client.permitted
      ? await this.api.call('DELETE', `${path}?scope=${encodeURIComponent(PERMISSION)}`)
      : await this.api.call('POST', path, { scopes: [PERMISSION] });
    this.expect('change permissions', changed, 200);
    client.permitted = !client.permitted;
    const expected = client.enabled && client.permitted ? 200 : 'refused';
    this.expect('token after a permission change', await requestToken(this.baseUrl, client), expected);
    return undefined;
  }

  private async toggleEnabled(clients: ChurnClient[]): Promise<undefined> {
    const client = this.picked(clients);
    const changed = await this.api.call('PATCH', `/api/v1/clients/${client.clientId}`, {
      enabled: !client.enabled,
    });
    this.expect('disable/enable client', changed, 200);
    client.enabled = !client.enabled;
    const expected = client.enabled && client.permitted ? 200 : 'refused';
    this.expect('token after disable/enable', await requestToken(this.baseUrl, client), expected);
    return undefined;
  }

  /** Revokes a fresh token of a client that can get one, then checks introspection says inactive. */
  private async revokeToken(clients: ChurnClient[]): Promise<string | undefined> {
    const client = clients.find((c) => c.enabled && c.permitted);
    if (!client) return this.create();
    const token = await accessToken(this.baseUrl, client);
    this.expect('revoke token', await postAs(this.baseUrl, '/oauth2/revoke', client, { token }), 200);
    const seen = await postAs(this.baseUrl, '/oauth2/introspect', client, { token });
    this.expect('introspect a revoked token', seen, 200);
    if (seen.body?.active !== false) this.stats.unexpected.push('a revoked token was still active');
    return undefined;
  }

  private async deleteOldest(clients: ChurnClient[]): Promise<string | undefined> {
    if (clients.length <= KEEP) return this.create();
    const client = clients.shift() as ChurnClient;
    this.expect('delete client', await this.api.call('DELETE', `/api/v1/clients/${client.clientId}`), 204);
    this.expect('token for a deleted client', await requestToken(this.baseUrl, client), 'refused');
    return undefined;
  }
}
