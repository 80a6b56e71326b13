import { useEffect, useRef, useState } from 'react';
import { listAccessRequests } from '../api/access-requests';
import { onAccessChanged } from '../lib/events';
import { Link, useLocation } from '../router';
import { useSession } from '../lib/session';
import { UserMenu } from './UserMenu';

interface NavItem {
  to: string;
  label: string;
  /** The section is "current" for its own page and the pages under it. */
  matches: (path: string) => boolean;
}

const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`);

export function Header() {
  const { me } = useSession();
  const { pathname } = useLocation();
  const pending = usePendingInbox(pathname);
  const navRef = useRef<HTMLElement>(null);

  // On a phone the nav scrolls sideways; keep the current section in view (again once the
  // pending count has widened its neighbour).
  useEffect(() => {
    navRef.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname, pending]);

  const items: NavItem[] = [
    { to: '/', label: 'Home', matches: (p) => p === '/' || under('/apis')(p) || under('/clients')(p) },
    { to: '/catalogue', label: 'Catalogue', matches: under('/catalogue') },
    { to: '/access', label: 'Access requests', matches: under('/access') },
    { to: '/roles', label: 'Roles', matches: under('/roles') },
    { to: '/user-pools', label: 'User pools', matches: under('/user-pools') },
    { to: '/teams', label: 'Teams', matches: under('/teams') },
    { to: '/reports', label: 'Reports', matches: under('/reports') },
    { to: '/audit', label: 'Audit', matches: under('/audit') },
  ];
  // Reading the registry as a file takes a team, or the platform: a person in none has nothing to export.
  if (me.user.isAdmin || me.teams.length > 0) {
    items.splice(items.length - 1, 0, {
      to: '/configuration',
      label: 'Configuration',
      matches: under('/configuration'),
    });
  }
  if (me.user.isAdmin) items.push({ to: '/users', label: 'Users', matches: under('/users') });

  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <svg viewBox="0 0 16 16" width="22" height="22" aria-hidden="true">
            <rect width="16" height="16" rx="3" fill="currentColor" />
            <path d="M4 13V6l4-3 4 3v7H9.5V9h-3v4z" fill="#fff" />
          </svg>
          Gatehouse
        </Link>
        <nav aria-label="Main" className="nav" ref={navRef}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.matches(pathname) ? 'page' : undefined}>
                  {item.label}
                  {item.to === '/access' && pending > 0 ? (
                    <span className="badge badge-count" data-testid="pending-count">
                      {pending}
                      <span className="visually-hidden"> pending</span>
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <UserMenu />
      </div>
    </header>
  );
}

/** Requests waiting for my teams' decision; refreshed on every page change and after decisions. */
function usePendingInbox(pathname: string): number {
  const [count, setCount] = useState(0);
  const [generation, setGeneration] = useState(0);
  useEffect(() => onAccessChanged(() => setGeneration((g) => g + 1)), []);
  useEffect(() => {
    let current = true;
    listAccessRequests('inbox', 'pending').then(
      (list) => current && setCount(list.length),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pathname, generation]);
  return count;
}
