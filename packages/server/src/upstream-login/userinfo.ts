import { SsoError } from './errors.js';
import { type Fetch, IdpHttpError, type JsonAnswer, requestJson } from './provider-http.js';

const USER_MESSAGE = 'The identity provider did not share your profile. Try again.';

function fail(detail: string, cause?: unknown): never {
  throw new SsoError(
    'userinfo_failed',
    USER_MESSAGE,
    new Error(detail, cause === undefined ? {} : { cause }),
  );
}

/**
 * Fetches the UserInfo claims (OpenID Connect Core 1.0 §5.3) and checks that they describe the
 * person the ID token names (§5.3.4: the sub must match, else they must not be used).
 * Throws SsoError `userinfo_failed`.
 */
export async function fetchUserinfo(
  endpoint: string,
  accessToken: string,
  subject: string,
  fetchImpl: Fetch,
): Promise<Record<string, unknown>> {
  let answer: JsonAnswer;
  try {
    answer = await requestJson(fetchImpl, endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
  } catch (err) {
    return fail(err instanceof IdpHttpError ? err.message : 'the userinfo request failed', err);
  }
  if (answer.status !== 200) return fail(`the userinfo endpoint answered ${answer.status}`);
  const type = answer.headers.get('content-type') ?? '';
  if (/^application\/jwt/i.test(type)) {
    return fail(
      'the userinfo endpoint answered with a signed JWT; configure the client for plain JSON userinfo',
    );
  }
  const claims = answer.json;
  if (claims === undefined) return fail('the userinfo endpoint did not answer with a JSON object');
  if (claims.sub !== subject) return fail("the userinfo sub is not the ID token's sub");
  return claims;
}
