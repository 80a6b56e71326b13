import { type CreateUserPoolInput, STANDARD_ATTRIBUTES, type StandardAttribute } from '@gatehouse/schemas';
import { z } from 'zod';
import { userPoolType } from '../../management/user-pool-type.js';
import { str } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  PoolName: str(1, 128, /^[\w\s+=,.@-]+$/),
  Policies: z
    .object({
      PasswordPolicy: z
        .object({
          MinimumLength: z.number().int().min(6).max(99).optional(),
          RequireUppercase: z.boolean().optional(),
          RequireLowercase: z.boolean().optional(),
          RequireNumbers: z.boolean().optional(),
          RequireSymbols: z.boolean().optional(),
          TemporaryPasswordValidityDays: z.number().int().min(0).max(365).optional(),
        })
        .optional(),
    })
    .optional(),
  AutoVerifiedAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
  UsernameAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
  AliasAttributes: z.array(z.enum(['email', 'phone_number', 'preferred_username'])).optional(),
  Schema: z
    .array(z.object({ Name: str(1, 20), Required: z.boolean().optional() }).passthrough())
    .max(50)
    .optional(),
  AdminCreateUserConfig: z
    .object({ AllowAdminCreateUserOnly: z.boolean().optional() })
    .passthrough()
    .optional(),
  UserPoolTags: z.record(z.string(), z.string()).optional(),
});

const isStandard = (name: string): name is StandardAttribute =>
  (STANDARD_ATTRIBUTES as readonly string[]).includes(name);

/**
 * A pool owned by the key's team (a platform admin's key makes one no team owns). What Gatehouse
 * has no setting for (MFA, Lambda triggers, tags, composition rules) is accepted and left out.
 */
export const createUserPool = defineOperation({
  name: 'CreateUserPool',
  signed: true,
  input,
  async handle(body, ctx) {
    const minLength = body.Policies?.PasswordPolicy?.MinimumLength;
    const required = (body.Schema ?? [])
      .filter((attribute) => attribute.Required === true)
      .map((attribute) => attribute.Name)
      .filter(isStandard);
    const settings: CreateUserPoolInput = {
      name: body.PoolName,
      ...(ctx.principal?.teamId ? { teamId: ctx.principal.teamId } : {}),
      // Cognito lets people sign themselves up unless only admins may create users.
      selfSignUp: body.AdminCreateUserConfig?.AllowAdminCreateUserOnly !== true,
      signInWith: body.UsernameAttributes?.includes('email') ? 'email' : 'username',
      requiredAttributes: [...new Set(required)],
      ...(minLength !== undefined ? { passwordPolicy: { minLength } } : {}),
    };
    const pool = await ctx.gatehouse.userPools.create(settings, ctx.actor);
    return { UserPool: userPoolType(pool) };
  },
});
