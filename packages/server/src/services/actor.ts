export type TeamRole = 'owner' | 'member';

interface ActorBase {
  id: string | null;
  name: string;
  /** Team id → role, for people and team-owned machine clients. */
  teams: ReadonlyMap<string, TeamRole>;
  ip: string | null;
  userAgent: string | null;
}

/** A person, the operator's CLI, or Gatehouse itself: limited by role, not by scope. */
export interface PersonActor extends ActorBase {
  type: 'user' | 'cli' | 'system';
  /** Platform-wide authority: platform admins, the operator's CLI, and Gatehouse itself. */
  isAdmin: boolean;
  everyTeam: false;
  /** Null: not limited by scope. An empty set refuses every scope (callers nobody signed in). */
  scopes: ReadonlySet<string> | null;
  holds: null;
}

/**
 * A machine client calling with a `gatehouse-admin` token: its rights are exactly its scopes.
 * The type keeps it from ever being a platform admin, whatever team it has or lacks.
 */
export interface ClientActor extends ActorBase {
  type: 'client';
  isAdmin: false;
  /**
   * A client no team owns acts in every team as a member would, within its scopes. Objects
   * no team owns, and everything only platform admins may do, stay out of its reach.
   */
  everyTeam: boolean;
  /** The scopes its token carries that it still holds. */
  scopes: ReadonlySet<string>;
  /** What it holds right now, resource server id → scope names: all it may pass on. */
  holds: ReadonlyMap<string, readonly string[]>;
}

/**
 * A call to the Cognito wire signed with an access key (SigV4). A team's key acts as a member
 * of that team; a platform admin's key as a platform admin. Either way only within the scopes
 * the wire's operations need, so a key never reaches teams, people or clients.
 */
export interface AccessKeyActor extends ActorBase {
  type: 'access_key';
  /** The access key id, which the audit log names. */
  id: string;
  isAdmin: boolean;
  everyTeam: false;
  scopes: ReadonlySet<string>;
  holds: null;
}

/**
 * Who is making a change, and with what authority. Every service method that changes
 * something takes one, so the rules and the audit trail are the same from the CLI, the
 * portal and automation.
 */
export type Actor = PersonActor | ClientActor | AccessKeyActor;
export type ActorType = Actor['type'];

/** Whoever runs the `gatehouse` command on the server already holds the store and the master key. */
export const CLI_ACTOR: PersonActor = Object.freeze({
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

/** Gatehouse's own housekeeping, such as removing permissions that have expired. */
export const SYSTEM_ACTOR: PersonActor = Object.freeze({ ...CLI_ACTOR, type: 'system', name: 'gatehouse' });
