// An unbounded in-memory adapter for oidc-provider. Its bundled MemoryAdapter is an LRU of
// 1,000 entries: a benchmark that prepares thousands of codes and refresh tokens ahead of the
// timed loop would see them evicted. This one does the same work per call, minus eviction.
import type { Adapter, AdapterPayload } from 'oidc-provider';

const records = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
const grants = new Map<string, Set<string>>();
const uids = new Map<string, string>();

export class MapAdapter implements Adapter {
  constructor(private readonly model: string) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    records.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    if (payload.grantId) {
      let members = grants.get(payload.grantId);
      if (members === undefined) grants.set(payload.grantId, (members = new Set()));
      members.add(key);
    }
    if (this.model === 'Session' && payload.uid) uids.set(payload.uid, id);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = records.get(this.key(id));
    if (record === undefined) return undefined;
    if (record.expiresAt <= Date.now()) {
      records.delete(this.key(id));
      return undefined;
    }
    return record.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = uids.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const record = records.get(this.key(id));
    if (record !== undefined) record.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    records.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grants.get(grantId) ?? []) records.delete(key);
    grants.delete(grantId);
  }
}
