import { z } from 'zod';
import { requireAccessToken } from '../../access-token.js';
import { accessTokenField, passwordField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  AccessToken: accessTokenField(),
  PreviousPassword: passwordField(),
  ProposedPassword: passwordField(),
});

/**
 * A signed-in person changes their password. The old one is checked as a sign-in is, lockout
 * included; the new one ends every session and refresh token, this one's too.
 */
export const changePassword = defineOperation({
  name: 'ChangePassword',
  signed: false,
  input,
  async handle(body, ctx) {
    const { pool, user } = await requireAccessToken(ctx, body.AccessToken);
    const { gatehouse } = ctx;
    await gatehouse.poolSignIn.signIn(pool.row.id, user.username, body.PreviousPassword, ctx.origin);
    await gatehouse.poolSelfService.changePassword(pool.row.id, user.sub, body.ProposedPassword, ctx.actor);
    return {};
  },
});
