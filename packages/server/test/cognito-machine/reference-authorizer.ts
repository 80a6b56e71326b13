// The reference platform's API Gateway Lambda authorizer, as it checks partners' machine tokens
// from the pool's /oauth2/token, with the one change that points it at Gatehouse:
// `CognitoJwtVerifier.create({ userPoolId, clientId, scope, tokenUse })` becomes
// `JwtVerifier.create({ issuer, jwksUri, audience: null, scope, customJwtCheck })`, the custom
// check being aws-jwt-verify's own Cognito claim check (token_use and the client allow-list).
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { JwksCache } from 'aws-jwt-verify/jwk';

/** The authorizer's settings, as the platform's `config.get(...)` reads them. */
export interface AuthorizerConfig {
  issuer: string;
  clientId: string;
  scopes: string;
}

interface PolicyDocument {
  Version: string;
  Statement: { Action: string; Effect: string; Resource: string }[];
}

export interface APIGatewayAuthorizerResult {
  principalId: string;
  policyDocument: PolicyDocument;
  context: Record<string, string>;
}

export interface AuthorizerEvent {
  headers: Record<string, string | undefined>;
  methodArn: string;
}

/**
 * Builds the handler as the platform's module does at load time. `jwksCache` is the test's only
 * addition: in Lambda aws-jwt-verify fetches the JWKS over HTTPS; the test server speaks plain
 * HTTP on loopback, which its HTTPS-only fetcher refuses.
 */
export function referenceAuthorizer(
  config: { get(name: keyof AuthorizerConfig): string },
  jwksCache: JwksCache,
) {
  const cognitoJwtVerifier = JwtVerifier.create(
    {
      issuer: config.get('issuer'),
      jwksUri: `${config.get('issuer')}/.well-known/jwks.json`,
      audience: null,
      scope: [config.get('scopes')], // allowed scopes
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: [config.get('clientId')] }),
    },
    { jwksCache },
  );

  return async function handler(event: AuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
    try {
      // The token the partner got with its client id and secret (and the scope).
      const authToken = event.headers['Authorization'] || '';

      // Verify the token
      const decodedJWT = await cognitoJwtVerifier.verify(authToken);

      // An allow policy for the methodArn
      const policyDocument: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: event['methodArn'],
          },
        ],
      };

      // Pass the client id on in the context
      const context = {
        clientId: decodedJWT.sub as string,
      };

      const response: APIGatewayAuthorizerResult = {
        principalId: decodedJWT.sub as string,
        policyDocument,
        context,
      };

      return response;
    } catch {
      throw new Error('unauthorized');
    }
  };
}
