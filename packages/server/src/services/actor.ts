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
  /**
   * Platform-wide authority: platform admins, the operator's CLI, and Gatehouse itself.
   * Never true for a machine client, whatever it holds.
   */
  isAdmin: boolean;
  /** Team id → role, for people and team-owned machine clients. */
  teams: ReadonlyMap<string, TeamRole>;
  /**
   * A machine client no team owns acts in every team as a member would, within its scopes.
   * Objects no team owns, and everything only platform admins may do, stay out of its reach.
   */
  everyTeam: boolean;
  /**
   * For machine clients: the `gatehouse-admin` scopes their token carries that they still hold.
   * Null only for people and the operator, who are limited by role instead.
   */
  scopes: ReadonlySet<string> | null;
  /**
   * For machine clients: what they hold right now, resource server id → scope names. They may
   * pass on only these. Null for people and the operator.
   */
  holds: ReadonlyMap<string, readonly string[]> | null;
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
  everyTeam: false,
  scopes: null,
  holds: null,
  ip: null,
  userAgent: null,
});

/** Gatehouse's own housekeeping, such as removing grants that have expired. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ ...CLI_ACTOR, type: 'system', name: 'gatehouse' });
