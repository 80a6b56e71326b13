import { z } from 'zod';
import { adminUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { openPageToken, sealPageToken } from '../../admin/page-token.js';
import { groupType } from '../../management/group-type.js';
import { invalidParameter } from '../../errors.js';
import { str, usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const MAX_LIMIT = 60;

/** The user's groups, lowest precedence first (the order tokens list them in), a page at a time. */
export const adminListGroupsForUser = defineOperation({
  name: 'AdminListGroupsForUser',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    Username: usernameField(),
    Limit: z.number().int().min(0).max(MAX_LIMIT).optional(),
    NextToken: str(1, 131072, /^[\S]+$/).optional(),
  }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    const query = { pool: body.UserPoolId, sub: user.sub };
    const start = openPageToken(ctx, 'AdminListGroupsForUser', query, body.NextToken) ?? 0;
    if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) {
      throw invalidParameter('The pagination token is invalid, expired, or from another request.');
    }
    const limit = body.Limit || MAX_LIMIT;
    const groups = new Map(
      (await ctx.gatehouse.poolGroups.list(body.UserPoolId, ctx.actor)).map((g) => [g.name, g]),
    );
    const mine = user.groups.flatMap((name) => {
      const group = groups.get(name);
      return group ? [groupType(group)] : [];
    });
    const end = start + limit;
    return {
      Groups: mine.slice(start, end),
      ...(end < mine.length ? { NextToken: sealPageToken(ctx, 'AdminListGroupsForUser', query, end) } : {}),
    };
  },
});
