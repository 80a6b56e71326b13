import { useCallback, useEffect, useMemo, useState } from 'react';
import { getAuthConfig, getMe } from './api/auth';
import { ApiError } from './api/error';
import type { AuthConfig, Me } from './api/types';
import { LoadState } from './components/LoadState';
import { type Session, SessionContext } from './lib/session';
import { LoginPage } from './pages/Login/LoginPage';
import { SetupPage } from './pages/Setup/SetupPage';
import { SignedInApp } from './SignedInApp';
import { navigate, useLocation } from './router';

type MeState = { status: 'loading' } | { status: 'signed-in'; me: Me } | { status: 'signed-out' };

/** Loads the deployment's sign-in options and the session, then shows the public or signed-in app. */
export function App() {
  const { pathname, href } = useLocation();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [configError, setConfigError] = useState<unknown>(null);
  const [meState, setMeState] = useState<MeState>({ status: 'loading' });

  useEffect(() => {
    getAuthConfig().then(setConfig, setConfigError);
  }, []);

  const refresh = useCallback(async () => {
    try {
      setMeState({ status: 'signed-in', me: await getMe() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMeState({ status: 'signed-out' });
      else throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(setConfigError);
  }, [refresh]);

  const isPublic = pathname === '/login' || pathname === '/setup';

  useEffect(() => {
    if (meState.status === 'signed-out' && !isPublic) {
      navigate(`/login?returnTo=${encodeURIComponent(href)}`, { replace: true });
    }
  }, [meState.status, isPublic, href]);

  const signedIn = (me: Me) => setMeState({ status: 'signed-in', me });

  const session = useMemo<Session | null>(
    () => (config && meState.status === 'signed-in' ? { me: meState.me, config, refresh } : null),
    [config, meState, refresh],
  );

  if (configError || !config) {
    return (
      <main className="center-page">
        <LoadState loading={!configError} error={configError} onRetry={() => window.location.reload()} />
      </main>
    );
  }
  if (pathname === '/setup') return <SetupPage config={config} onSignedIn={signedIn} />;
  if (pathname === '/login')
    return <LoginPage config={config} session={meState.status} onSignedIn={signedIn} />;
  if (!session) {
    return (
      <main className="center-page">
        <LoadState loading error={null} />
      </main>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <SignedInApp />
    </SessionContext.Provider>
  );
}
