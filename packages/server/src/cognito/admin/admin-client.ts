import { isIP } from 'node:net';
import { z } from 'zod';
import { appClientOf, type ClientAtPool } from '../app-client.js';
import { noSuchClient } from '../errors.js';
import type { CognitoContext } from '../operation.js';
import { signedPool } from '../management/signed-pool.js';

/** The app client an admin sign-in names: it must be one of the pool's, in a pool the key reaches. */
export async function adminClient(
  ctx: CognitoContext,
  poolId: string,
  clientId: string,
): Promise<ClientAtPool> {
  await signedPool(ctx, poolId);
  const at = await appClientOf(ctx, clientId);
  if (at.pool.row.id !== poolId) throw noSuchClient(clientId);
  return at;
}

/** Cognito's ContextData: who the person signing in is, as the admin's backend saw them. */
export const contextDataField = () =>
  z
    .object({
      IpAddress: z.string().max(131072),
      ServerName: z.string().max(131072),
      ServerPath: z.string().max(131072),
      HttpHeaders: z.array(
        z.object({ headerName: z.string().optional(), headerValue: z.string().optional() }),
      ),
      EncodedData: z.string().max(131072).optional(),
    })
    .partial()
    .optional();

/**
 * The context a sign-in on a person's behalf runs in. A backend signs everyone in from its own
 * address; where it says whose address the person has (ContextData.IpAddress), the lockout
 * counts that one, so one person's wrong guesses do not lock the backend out for everyone.
 */
export function onBehalfOf(ctx: CognitoContext, contextData: { IpAddress?: string | undefined } | undefined) {
  const ip = contextData?.IpAddress;
  return ip !== undefined && isIP(ip) !== 0 ? { ...ctx, origin: { ...ctx.origin, ip } } : ctx;
}
