import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../escape-html.js';
import { createNonce, pageHeaders } from '../pools/pages/csp.js';

/**
 * The page for someone the identity provider signed in but GATEHOUSE_SSO_ALLOWED_GROUPS turns
 * away: a 403 rendered here, not a redirect to the portal, so it says plainly which account was
 * refused and what to ask for. Every value in it is escaped; nothing from the request but the
 * account's own name reaches it.
 */
export function sendSsoDenied(res: ServerResponse, who: string): void {
  const nonce = createNonce();
  const account = escapeHtml(who);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not allowed - Gatehouse</title>
<style nonce="${nonce}">
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1c2024; }
main { max-width: 32rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 1.4rem; margin-top: 0; }
code { background: #eef0f3; padding: 0 .25rem; border-radius: 3px; }
</style>
</head>
<body>
<main>
<h1>Not allowed to use Gatehouse</h1>
<p>Your identity provider signed you in as <strong>${account}</strong>, but that account is not in any group allowed to use Gatehouse.</p>
<p>Ask a Gatehouse administrator to add you to one of the allowed groups at your identity provider, then <a href="/login">sign in again</a>.</p>
</main>
</body>
</html>
`;
  res.writeHead(403, pageHeaders(nonce));
  res.end(html);
}
