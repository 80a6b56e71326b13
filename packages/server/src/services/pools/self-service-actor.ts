import type { PersonActor } from '../actor.js';

/**
 * The actor of what people do for themselves at a pool (sign up, confirm, reset a password):
 * named in the audit log with their address, and holding no rights at all, so handing it to an
 * admin method by mistake is refused rather than obeyed.
 */
export function selfServiceActor(origin: { ip: string | null; userAgent: string | null }): PersonActor {
  return Object.freeze({
    type: 'system',
    id: null,
    name: 'self-service',
    isAdmin: false,
    teams: new Map(),
    everyTeam: false,
    scopes: new Set<string>(),
    holds: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  });
}
