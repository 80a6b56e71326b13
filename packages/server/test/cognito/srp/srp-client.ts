import { createHmac } from 'node:crypto';
import AuthenticationHelperModule from 'amazon-cognito-identity-js/lib/AuthenticationHelper.js';
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js';

const AuthenticationHelper = AuthenticationHelperModule.default;
const BigInteger = BigIntegerModule.default;

export const bigInteger = (hex: string) => new BigInteger(hex, 16);

/**
 * The client half of Cognito's SRP, computed by amazon-cognito-identity-js's own
 * AuthenticationHelper (A, u, x, S and the HKDF key), with the claim signed as
 * CognitoUser.authenticateUser signs it.
 */
export class SrpTestClient {
  readonly helper: IdentityJsAuthenticationHelper;

  constructor(readonly poolName: string) {
    this.helper = new AuthenticationHelper(poolName);
  }

  /** SRP_A as CognitoUser sends it: unpadded hex. */
  srpA(): string {
    let hex = '';
    this.helper.getLargeAValue((err, a) => {
      if (err) throw err;
      hex = a.toString(16);
    });
    return hex;
  }

  key(userId: string, password: string, srpB: string, salt: string): Buffer {
    let key: Buffer | undefined;
    this.helper.getPasswordAuthenticationKey(
      userId,
      password,
      bigInteger(srpB),
      bigInteger(salt),
      (err, hkdf) => {
        if (err) throw err;
        key = Buffer.from(hkdf);
      },
    );
    if (!key) throw new Error('the helper did not answer synchronously');
    return key;
  }

  /** PASSWORD_CLAIM_SIGNATURE over poolName | userId | SECRET_BLOCK bytes | timestamp. */
  sign(key: Buffer, userId: string, secretBlock: string, timestamp: string): string {
    return createHmac('sha256', key)
      .update(
        Buffer.concat([
          Buffer.from(this.poolName, 'utf8'),
          Buffer.from(userId, 'utf8'),
          Buffer.from(secretBlock, 'base64'),
          Buffer.from(timestamp, 'utf8'),
        ]),
      )
      .digest('base64');
  }
}
