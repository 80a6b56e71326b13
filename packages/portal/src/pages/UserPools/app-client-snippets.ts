import { jsString } from '@gatehouse/schemas';
import type { AppClient, UserPool } from '@gatehouse/schemas';

// Every value is a quoted literal: URLs and names are chosen by people, and the snippet is pasted
// into an editor as it is. Secrets are never written in: they come from the environment.

const pathOf = (url: string | undefined, fallback: string) => {
  try {
    return url ? new URL(url).pathname : fallback;
  } catch {
    return fallback;
  }
};

/**
 * An Express backend that sends people to the pool's hosted sign-in page and exchanges the code
 * on the server: with HTTP Basic (or the secret in the form) for a confidential client, with
 * PKCE for a public one.
 */
export function expressSnippet(pool: UserPool, client: AppClient): string {
  const redirectUri = client.redirectUris[0] ?? '';
  const logoutUri = client.logoutUris[0];
  const isPublic = client.public;
  const basic = client.authMethod === 'client_secret_basic';
  const lines = [
    "import { createHash, randomBytes } from 'node:crypto';",
    "import express from 'express';",
    "import session from 'express-session';",
    '',
    `const POOL = ${jsString(pool.issuer)};`,
    `const CLIENT_ID = ${jsString(client.clientId)};`,
    ...(isPublic ? [] : ['const CLIENT_SECRET = process.env.POOL_CLIENT_SECRET;']),
    `const REDIRECT_URI = ${jsString(redirectUri)};`,
    ...(logoutUri ? [`const LOGOUT_URI = ${jsString(logoutUri)};`] : []),
    `const SCOPE = ${jsString(client.scopes.join(' '))};`,
    '',
    'const app = express();',
    'app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));',
    '',
    "app.get('/login', (req, res) => {",
    "  req.session.state = randomBytes(16).toString('base64url');",
    ...(isPublic ? ["  req.session.verifier = randomBytes(32).toString('base64url');"] : []),
    '  const params = new URLSearchParams({',
    "    response_type: 'code',",
    '    client_id: CLIENT_ID,',
    '    redirect_uri: REDIRECT_URI,',
    '    scope: SCOPE,',
    '    state: req.session.state,',
    ...(isPublic
      ? [
          "    code_challenge: createHash('sha256').update(req.session.verifier).digest('base64url'),",
          "    code_challenge_method: 'S256',",
        ]
      : []),
    '  });',
    '  res.redirect(`${POOL}/oauth2/authorize?${params}`);',
    '});',
    '',
    `app.get(${jsString(pathOf(redirectUri, '/callback'))}, async (req, res) => {`,
    '  if (!req.query.code || req.query.state !== req.session.state) {',
    "    return res.status(400).send('Sign-in failed: ' + (req.query.error ?? 'state mismatch'));",
    '  }',
    '  const body = new URLSearchParams({',
    "    grant_type: 'authorization_code',",
    '    code: String(req.query.code),',
    '    redirect_uri: REDIRECT_URI,',
    ...(isPublic ? ['    client_id: CLIENT_ID,', '    code_verifier: req.session.verifier,'] : []),
    ...(!isPublic && !basic ? ['    client_id: CLIENT_ID,', '    client_secret: CLIENT_SECRET,'] : []),
    '  });',
    '  const answer = await fetch(`${POOL}/oauth2/token`, {',
    "    method: 'POST',",
    ...(basic
      ? [
          '    headers: {',
          "      'content-type': 'application/x-www-form-urlencoded',",
          '      authorization:',
          "        'Basic ' + Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64'),",
          '    },',
        ]
      : ["    headers: { 'content-type': 'application/x-www-form-urlencoded' },"]),
    '    body,',
    '  });',
    "  if (!answer.ok) return res.status(502).send('Token exchange failed');",
    '  // id_token, access_token and refresh_token stay on the server, in the session.',
    '  req.session.tokens = await answer.json();',
    "  res.redirect('/');",
    '});',
    '',
    "app.get('/logout', (req, res) => {",
    ...(logoutUri
      ? [
          '  const params = new URLSearchParams({ client_id: CLIENT_ID, logout_uri: LOGOUT_URI });',
          '  // Ends the session here, then the one at the pool.',
          '  req.session.destroy(() => res.redirect(`${POOL}/logout?${params}`));',
        ]
      : [
          '  // Register a logout URL on the app client to end the pool session too.',
          "  req.session.destroy(() => res.redirect('/'));",
        ]),
    '});',
    '',
    'app.listen(Number(process.env.PORT ?? 3000));',
  ];
  return lines.join('\n');
}

/** A single-page app with oidc-client-ts: authorization code with PKCE (S256), no secret. */
export function spaSnippet(pool: UserPool, client: AppClient): string {
  const logoutUri = client.logoutUris[0];
  const lines = [
    "import { UserManager } from 'oidc-client-ts';",
    '',
    'const userManager = new UserManager({',
    `  authority: ${jsString(pool.issuer)},`,
    `  client_id: ${jsString(client.clientId)},`,
    `  redirect_uri: ${jsString(client.redirectUris[0] ?? '')},`,
    ...(logoutUri ? [`  post_logout_redirect_uri: ${jsString(logoutUri)},`] : []),
    "  response_type: 'code', // with PKCE (S256), always on in oidc-client-ts",
    `  scope: ${jsString(client.scopes.join(' '))},`,
    '});',
    '',
    '// Send the person to the hosted sign-in page.',
    'export const signIn = () => userManager.signinRedirect();',
    '',
    '// On the page at redirect_uri: finish the sign-in and read who it is.',
    "if (new URLSearchParams(location.search).has('code')) {",
    '  const user = await userManager.signinRedirectCallback();',
    '  console.log(user.profile.sub, user.profile.email); // call APIs with user.access_token',
    '}',
    '',
    'export const signOut = () => userManager.signoutRedirect();',
  ];
  return lines.join('\n');
}
