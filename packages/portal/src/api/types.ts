import type { SigningAlg, TokenEndpointAuthMethod } from '@gatehouse/schemas';

/** The admin API's answers, as the contract describes them (camelCase JSON, ISO-8601 times). */

export type TeamRole = 'owner' | 'member';

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  source: 'local' | 'sso';
  createdAt: string;
  lastSignInAt: string | null;
}

export interface MyTeam {
  id: string;
  slug: string;
  name: string;
  role: TeamRole;
}

export interface Me {
  user: User;
  teams: MyTeam[];
  csrfToken: string;
}

export interface AuthConfig {
  localLogin: boolean;
  sso: { enabled: boolean; label: string };
  setupRequired: boolean;
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
  myRole: TeamRole | null;
  createdAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  since: string;
}

export type TeamWithMembers = Team & { members: Member[] };

export interface Scope {
  name: string;
  description: string;
}

export interface ResourceServer {
  id: string;
  identifier: string;
  name: string;
  description: string;
  scopes: Scope[];
  tokenTtl: number;
  signingAlg: SigningAlg;
  builtIn: boolean;
  teamId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogueEntry {
  id: string;
  identifier: string;
  name: string;
  description: string;
  team: { id: string; name: string } | null;
  scopes: Scope[];
}

export interface ClientSecretInfo {
  id: string;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface IssuedSecret {
  id: string;
  secret: string;
  hint: string;
  expiresAt: string | null;
}

export interface Jwks {
  keys: Record<string, unknown>[];
}

export interface Client {
  clientId: string;
  name: string;
  description: string;
  authMethod: TokenEndpointAuthMethod;
  scopes: string[];
  grants: { scope: string; expiresAt: string | null }[];
  tokenTtl: number | null;
  enabled: boolean;
  jwks: Jwks | null;
  jwksUri: string | null;
  secrets: ClientSecretInfo[];
  teamId: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

export interface Usage {
  days: { day: string; count: number }[];
  total: number;
  lastUsedAt: string | null;
}

export type AccessRequestStatus = 'pending' | 'approved' | 'denied' | 'cancelled' | 'expired';

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface AccessRequest {
  id: string;
  status: AccessRequestStatus;
  client: { clientId: string; name: string; teamId: string; teamName: string };
  resourceServer: { id: string; identifier: string; name: string; teamId: string; teamName: string };
  scope: string;
  qualifiedScope: string;
  reason: string;
  grantExpiresIn: number | null;
  grantExpiresAt: string | null;
  requestedBy: Person;
  decidedBy: Person | null;
  comment: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { type: 'user' | 'client' | 'cli' | 'system'; id: string | null; name: string };
  action: string;
  target: { type: string; id: string; name?: string };
  teamId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
}
