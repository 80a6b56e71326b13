// Types for the parts of amazon-cognito-identity-js the SRP tests call directly: its own SRP
// arithmetic, which the package ships but does not declare.

interface IdentityJsBigInteger {
  toString(radix: number): string;
}

interface IdentityJsAuthenticationHelper {
  k: IdentityJsBigInteger;
  N: IdentityJsBigInteger;
  padHex(value: IdentityJsBigInteger): string;
  getLargeAValue(callback: (err: Error | null, a: IdentityJsBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverB: IdentityJsBigInteger,
    salt: IdentityJsBigInteger,
    callback: (err: Error | null, hkdf: Buffer) => void,
  ): void;
}

declare module 'amazon-cognito-identity-js/lib/BigInteger.js' {
  const module: { default: new (value: string, radix: number) => IdentityJsBigInteger };
  export default module;
}

declare module 'amazon-cognito-identity-js/lib/AuthenticationHelper.js' {
  const module: { default: new (poolName: string) => IdentityJsAuthenticationHelper };
  export default module;
}

declare module 'amazon-cognito-identity-js/lib/DateHelper.js' {
  const module: { default: new () => { getNowString(): string } };
  export default module;
}
