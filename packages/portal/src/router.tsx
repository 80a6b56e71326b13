import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

// A few routes and no nested layouts: the History API and one external store are all it takes.
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

const snapshot = () => window.location.pathname + window.location.search;

/**
 * What to ask before leaving the current page, when something on it cannot be shown again (a
 * new secret); null when leaving is free. Set by `useLeaveGuard`.
 */
let leaveGuard: { message: string; href: string } | null = null;

export function setLeaveGuard(message: string | null): void {
  leaveGuard = message === null ? null : { message, href: snapshot() };
}

/** Asks once, and drops the guard when the person chooses to leave. */
function mayLeave(): boolean {
  if (leaveGuard === null) return true;
  if (!window.confirm(leaveGuard.message)) return false;
  leaveGuard = null;
  return true;
}

function onPopState(): void {
  // Back and forward have already moved: put the guarded page back when the person stays.
  if (leaveGuard !== null && snapshot() !== leaveGuard.href) {
    const { href } = leaveGuard;
    if (!mayLeave()) {
      window.history.pushState(null, '', href);
      return;
    }
  }
  emit();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', onPopState);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (!mayLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  emit();
}

export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams, href };
}

/** Matches `/clients/:clientId` against a path; the decoded parameters, or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = pathname.replace(/\/+$/, '').split('/');
  if (pathname === '/') have.splice(1, 1, '');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const h = have[i] ?? '';
    if (w.startsWith(':')) {
      if (!h) return null;
      params[w.slice(1)] = decodeURIComponent(h);
    } else if (w !== h) return null;
  }
  return params;
}

/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeReturnTo(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    // Let the browser handle new tabs and windows.
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handleClick} {...rest} />;
}
