import type { Session } from './session-store.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything that came from the provider, the API or the request is escaped before it is shown. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · LJ Health Food</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
dt{font-weight:600}pre{background:#f4f4f4;padding:.5rem;overflow:auto}form{display:inline}button{margin:.25rem .5rem .25rem 0}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

export function homePage(): string {
  return layout(
    'LJ Health Food',
    `<p>You are not signed in.</p><p><a id="sign-in" href="/login">Sign in</a></p>`,
  );
}

const PROFILE_CLAIMS = ['sub', 'cognito:username', 'name', 'email', 'email_verified', 'groups'];

export function profilePage(
  session: Session,
  profile: { claims: Record<string, unknown>; source: string },
  flash?: string,
): string {
  const rows = PROFILE_CLAIMS.filter((c) => profile.claims[c] !== undefined)
    .map(
      (c) =>
        `<dt>${escapeHtml(c)}</dt><dd data-claim="${escapeHtml(c)}">${escapeHtml(profile.claims[c])}</dd>`,
    )
    .join('');
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(session.csrf)}">`;
  const expires = new Date(session.accessExpiresAt).toISOString();
  return layout(
    'Your profile',
    `${flash === undefined ? '' : `<p role="status" id="flash">${escapeHtml(flash)}</p>`}
<dl id="profile">${rows}</dl>
<p>Profile from: <span id="profile-source">${escapeHtml(profile.source)}</span>.
Access token valid until <span id="access-expires">${escapeHtml(expires)}</span>.</p>
<p><a id="orders" href="/orders">My orders (calls the LJ Health Food API)</a></p>
<form method="post" action="/refresh">${csrf}<button id="refresh">Refresh tokens now</button></form>
<form method="post" action="/logout">${csrf}<button id="sign-out">Sign out</button></form>`,
  );
}

export function ordersPage(status: number, body: unknown): string {
  return layout(
    'Orders',
    `<p>The LJ Health Food API answered <strong id="api-status">${status}</strong>.</p>
<pre id="api-body">${escapeHtml(JSON.stringify(body, null, 2))}</pre>
<p><a href="/">Back to your profile</a></p>`,
  );
}

export function errorPage(status: number, message: string): string {
  return layout(
    status === 401 ? 'Please sign in again' : 'Something went wrong',
    `<p id="error">${escapeHtml(message)}</p><p><a href="/">Home</a></p>`,
  );
}
