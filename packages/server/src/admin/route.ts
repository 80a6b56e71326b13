import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Actor } from '../services/actor.js';
import type { RequestOrigin } from '../services/sessions.js';
import type { AdminServer } from './context.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the caller proved who they are. */
export type Auth =
  | { kind: 'session'; token: string; csrfToken: string }
  | { kind: 'bearer'; clientId: string }
  | { kind: 'none' };

export interface RouteContext<B, Q> {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Q;
  body: B;
  actor: Actor;
  auth: Auth;
  server: AdminServer;
  origin: RequestOrigin;
}

/** A handler that answered by itself (a redirect, a stream) returns this. */
export const ANSWERED = Symbol('answered');

/**
 * One admin endpoint: its schemas are the contract. The same definition validates the
 * request, shapes the OpenAPI document, and checks the answer before it leaves.
 */
export interface RouteDef<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** `public`: no sign-in needed. `user`: a person's session only. Default: a session or a bearer token. */
  access?: 'public' | 'user';
  body?: B;
  /**
   * The body may also come as `application/yaml` text: the handler then gets `{ yaml }` in
   * place of the parsed body and validates it itself (so errors can name lines).
   */
  yamlBody?: boolean;
  /** Bytes the body may have; 256 KiB unless a route takes whole files. */
  bodyLimit?: number;
  query?: Q;
  response?: z.ZodType;
  /** Success status; 204 when the handler returns undefined. */
  status?: number;
  /** An old path kept for compatibility: OpenAPI marks it deprecated. */
  deprecated?: boolean;
  /** Another media type than JSON for the success answer, for OpenAPI. */
  produces?: string;
  handler(
    ctx: RouteContext<
      B extends z.ZodType ? z.output<B> : undefined,
      Q extends z.ZodType ? z.output<Q> : undefined
    >,
  ): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a route table holds routes of every body and query type
export type AnyRoute = RouteDef<any, any>;

export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(def: RouteDef<B, Q>): AnyRoute {
  return def as AnyRoute;
}
