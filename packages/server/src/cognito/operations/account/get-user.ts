import { z } from 'zod';
import { poolUserView } from '../../../services/pools/pool-views.js';
import { requireAccessToken } from '../../access-token.js';
import { toAttributeList } from '../../attributes.js';
import { accessTokenField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({ AccessToken: accessTokenField() });

/** The signed-in person's username and attributes. */
export const getUser = defineOperation({
  name: 'GetUser',
  signed: false,
  input,
  async handle(body, ctx) {
    const { user } = await requireAccessToken(ctx, body.AccessToken);
    const view = poolUserView(user, []);
    return { Username: view.username, UserAttributes: toAttributeList(view) };
  },
});
