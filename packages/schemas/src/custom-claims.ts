import { z } from 'zod';
import { text } from './text.js';

/**
 * Static claims: claim name → value (string, number, boolean, JSON object or array). The
 * server's claim rules refuse registered names (iss, sub, aud, …), bad names, null values and
 * oversized sets, with one issue per offending key at `claims.<key>`.
 */
export const claimsSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Claim name → value: a string, number, boolean, JSON object or array' });
export type Claims = z.infer<typeof claimsSchema>;

/** PUT body: the whole set, replacing what was there; `{}` clears it. */
export const setClaimsSchema = z.strictObject({ claims: claimsSchema });
export type SetClaimsInput = z.infer<typeof setClaimsSchema>;

/** A client's or resource server's static claims, and whether the caller may change them. */
export const claimsViewSchema = z.object({
  claims: claimsSchema,
  canEdit: z.boolean(),
});
export type ClaimsView = z.infer<typeof claimsViewSchema>;

export const hookFailModeSchema = z.enum(['closed', 'open']);
export type HookFailMode = z.infer<typeof hookFailModeSchema>;

/** Bounds of a hook's timeout: long enough for a nearby service, short enough to keep tokens fast. */
export const HOOK_TIMEOUT_MIN_MS = 50;
export const HOOK_TIMEOUT_MAX_MS = 2000;
export const HOOK_TIMEOUT_DEFAULT_MS = 300;

/** Creating or changing a resource server's token hook. The signing secret is Gatehouse's to make. */
export const setTokenHookSchema = z.strictObject({
  /** An absolute https URL; Gatehouse POSTs to it and follows no redirect. */
  url: text()
    .max(2000, 'must be at most 2000 characters')
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hash === '';
      } catch {
        return false;
      }
    }, 'must be an absolute https URL without credentials or fragment'),
  timeoutMs: z
    .number()
    .int('must be a whole number of milliseconds')
    .min(HOOK_TIMEOUT_MIN_MS, `must be at least ${HOOK_TIMEOUT_MIN_MS} ms`)
    .max(HOOK_TIMEOUT_MAX_MS, `must be at most ${HOOK_TIMEOUT_MAX_MS} ms`)
    .optional(),
  /** `closed` (default): refuse the token when the hook fails; `open`: issue it without the hook's claims. */
  failMode: hookFailModeSchema.optional(),
});
export type SetTokenHookInput = z.infer<typeof setTokenHookSchema>;

export const tokenHookSchema = z.object({
  resourceServerId: z.string(),
  url: z.string(),
  timeoutMs: z.number().int(),
  failMode: hookFailModeSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TokenHook = z.infer<typeof tokenHookSchema>;

/** A resource server's hook (null: none), and whether the caller may change it. */
export const tokenHookViewSchema = z.object({
  hook: tokenHookSchema.nullable(),
  canEdit: z.boolean(),
});
export type TokenHookView = z.infer<typeof tokenHookViewSchema>;

/**
 * After creating a hook or rotating its secret: the signing secret, shown this once. The hook
 * verifies `Gatehouse-Signature` with it.
 */
export const tokenHookWithSecretSchema = z.object({
  hook: tokenHookSchema,
  secret: z.string().optional(),
});
export type TokenHookWithSecret = z.infer<typeof tokenHookWithSecretSchema>;
