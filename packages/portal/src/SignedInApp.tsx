import { type ReactNode, useEffect, useRef } from 'react';
import { Header } from './components/Header';
import { AccessPage } from './pages/Access/AccessPage';
import { ResourceServerPage } from './pages/ResourceServers/ResourceServerPage';
import { RolePage } from './pages/Roles/RolePage';
import { RolesPage } from './pages/Roles/RolesPage';
import { AuditPage } from './pages/Audit/AuditPage';
import { CataloguePage } from './pages/Catalogue/CataloguePage';
import { ConfigPage } from './pages/Config/ConfigPage';
import { ClientPage } from './pages/Clients/ClientPage';
import { HomePage } from './pages/Home/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/Reports/ReportsPage';
import { TeamPage } from './pages/Teams/TeamPage';
import { TeamsPage } from './pages/Teams/TeamsPage';
import { UserPoolPage } from './pages/UserPools/UserPoolPage';
import { UserPoolsPage } from './pages/UserPools/UserPoolsPage';
import { UsersPage } from './pages/Users/UsersPage';
import { UserPage } from './pages/Users/UserPage';
import { AccountPage } from './pages/Account/AccountPage';
import { matchPath, useLocation } from './router';

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

const routes: Route[] = [
  ['/', () => <HomePage />],
  ['/apis/:id', (p) => <ResourceServerPage key={p.id} id={p.id ?? ''} />],
  ['/clients/:clientId', (p) => <ClientPage key={p.clientId} clientId={p.clientId ?? ''} />],
  ['/catalogue', () => <CataloguePage />],
  ['/access', () => <AccessPage />],
  ['/roles', () => <RolesPage />],
  ['/roles/:id', (p) => <RolePage key={p.id} id={p.id ?? ''} />],
  ['/teams', () => <TeamsPage />],
  ['/teams/:id', (p) => <TeamPage key={p.id} id={p.id ?? ''} />],
  ['/audit', () => <AuditPage />],
  ['/reports', () => <ReportsPage />],
  ['/configuration', () => <ConfigPage />],
  ['/user-pools', () => <UserPoolsPage />],
  ['/user-pools/:poolId', (p) => <UserPoolPage key={p.poolId} poolId={p.poolId ?? ''} />],
  ['/users', () => <UsersPage />],
  ['/users/:id', (p) => <UserPage key={p.id} id={p.id ?? ''} />],
  ['/account', () => <AccountPage />],
];

export function SignedInApp() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A screen reader hears the new page's heading after a client-side navigation, as after a load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  let page: ReactNode = <NotFoundPage />;
  for (const [pattern, render] of routes) {
    const params = matchPath(pattern, pathname);
    if (params) {
      page = render(params);
      break;
    }
  }

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" ref={mainRef} className="page">
        {page}
      </main>
    </>
  );
}
