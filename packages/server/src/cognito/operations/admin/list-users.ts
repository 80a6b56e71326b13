import { z } from 'zod';
import { poolIdField } from '../../management/fields.js';
import { signedPool } from '../../management/signed-pool.js';
import { parseUserFilter, searchOf, UserFilterError } from '../../admin/list-users-filter.js';
import { openPageToken, sealPageToken } from '../../admin/page-token.js';
import { userType } from '../../admin/user-type.js';
import { invalidParameter } from '../../errors.js';
import { str } from '../../input.js';
import { defineOperation } from '../../operation.js';

const MAX_LIMIT = 60;

/**
 * The pool's users by username, those matching Cognito's Filter (`attr = "v"`, `attr ^= "v"`),
 * a page of at most 60 at a time. The token names the next page of the same query only.
 */
export const listUsers = defineOperation({
  name: 'ListUsers',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    AttributesToGet: z.array(str(1, 32)).optional(),
    Filter: z.string().max(256).optional(),
    Limit: z.number().int().min(0).max(MAX_LIMIT).optional(),
    PaginationToken: str(1, 131072, /^[\S]+$/).optional(),
  }),
  async handle(body, ctx) {
    await signedPool(ctx, body.UserPoolId);
    let search;
    try {
      search = searchOf(parseUserFilter(body.Filter));
    } catch (error) {
      if (error instanceof UserFilterError) throw invalidParameter(error.message);
      throw error;
    }
    if (search === 'none') return { Users: [] };
    const query = { pool: body.UserPoolId, filter: body.Filter?.trim() ?? '' };
    const after = openPageToken(ctx, 'ListUsers', query, body.PaginationToken);
    if (after !== undefined && typeof after !== 'string') {
      throw invalidParameter('The pagination token is invalid, expired, or from another request.');
    }
    const page = await ctx.gatehouse.poolUsers.page(body.UserPoolId, ctx.actor, {
      search,
      after,
      // Cognito's Limit is 0 to 60; 0, like no limit, is a full page.
      limit: body.Limit || MAX_LIMIT,
    });
    return {
      Users: page.users.map((user) => userType(user, body.AttributesToGet)),
      ...(page.after !== undefined
        ? { PaginationToken: sealPageToken(ctx, 'ListUsers', query, page.after) }
        : {}),
    };
  },
});
