import { type Configuration, fetchUserInfo } from 'openid-client';
import { SsoError } from './errors.js';
import { describeAnswer, failureChain, httpStatusOf } from './failures.js';

const USER_MESSAGE = 'The identity provider did not share your profile. Try again.';

function detail(err: unknown): string {
  const { inner, details, answer, idp } = failureChain(err);
  if (answer !== undefined) return `the userinfo endpoint ${describeAnswer(answer)}`;
  if (idp !== undefined) return idp.message;
  const status = httpStatusOf(details);
  if (status !== undefined) return `the userinfo endpoint answered ${status}`;
  if (inner.message.includes('"sub"')) return `the userinfo sub is not the ID token's sub (${inner.message})`;
  return `the userinfo answer is not usable: ${inner.message}`;
}

/**
 * Fetches the UserInfo claims (OpenID Connect Core 1.0 §5.3) with openid-client, which checks that
 * they describe the person the ID token names (§5.3.4: the sub must match, else they must not be
 * used). A signed (JWT) answer is refused: Gatehouse does not configure one.
 * Throws SsoError `userinfo_failed`.
 */
export async function fetchUserinfo(
  config: Configuration,
  accessToken: string,
  subject: string,
): Promise<Record<string, unknown>> {
  try {
    return { ...(await fetchUserInfo(config, accessToken, subject)) };
  } catch (err) {
    throw new SsoError('userinfo_failed', USER_MESSAGE, new Error(detail(err)));
  }
}
