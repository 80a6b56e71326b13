export type TeamRole = 'owner' | 'member';
export type ActorType = 'user' | 'client' | 'cli' | 'system';

/**
 * Who is making a change, and with what authority. Every service method that changes
 * something takes one, so the rules and the audit trail are the same from the CLI, the
 * portal and automation.
 */
export interface Actor {
  type: ActorType;
  id: string | null;
  name: string;
  /** Platform-wide authority: platform admins, the operator's CLI, and Gatehouse itself. */
  isAdmin: boolean;
  /** Team id → role, for people and team-owned machine clients. */
  teams: ReadonlyMap<string, TeamRole>;
  /** For machine clients: the `gatehouse-admin` scopes their token carries; null means not limited by scope. */
  scopes: ReadonlySet<string> | null;
  ip: string | null;
  userAgent: string | null;
}

/** Whoever runs the `gatehouse` command on the server already holds the store and the master key. */
export const CLI_ACTOR: Actor = Object.freeze({
  type: 'cli',
  id: null,
  name: 'cli',
  isAdmin: true,
  teams: new Map(),
  scopes: null,
  ip: null,
  userAgent: null,
});

/** Gatehouse's own housekeeping, such as removing grants that have expired. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ ...CLI_ACTOR, type: 'system', name: 'gatehouse' });
