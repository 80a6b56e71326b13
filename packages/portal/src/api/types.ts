/**
 * The admin API's answers. They are the server's own schemas' types, so the portal and the
 * server cannot drift apart: a change to an answer is a type error here.
 */
export type {
  AccessRequest,
  AccessRequestStatus,
  AuditEventView as AuditEvent,
  AuthConfig,
  CatalogueEntry,
  Client,
  ClientSecretInfo,
  Invitation,
  IssuedSecretView as IssuedSecret,
  Me,
  Member,
  MyInvitation,
  ResourceServer,
  Team,
  TeamDetail as TeamWithMembers,
  Usage,
  User,
} from '@gatehouse/schemas';
import type { Client, Me, ResourceServer } from '@gatehouse/schemas';

export type TeamRole = Me['teams'][number]['role'];
export type MyTeam = Me['teams'][number];
export type Scope = ResourceServer['scopes'][number];
export type Jwks = NonNullable<Client['jwks']>;
