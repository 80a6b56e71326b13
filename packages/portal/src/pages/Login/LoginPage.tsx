import { type FormEvent, useEffect, useState } from 'react';
import { login, ssoStartUrl } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/error';
import type { AuthConfig, Me } from '../../api/types';
import { Alert } from '../../components/Alert';
import { AuthCard } from '../../components/AuthCard';
import { Field } from '../../components/Field';
import { navigate, safeReturnTo, useLocation } from '../../router';
import { lockedMessage, ssoErrorMessage } from './sso-errors';

interface LoginPageProps {
  config: AuthConfig;
  session: 'loading' | 'signed-in' | 'signed-out';
  onSignedIn: (me: Me) => void;
}

export function LoginPage({ config, session, onSignedIn }: LoginPageProps) {
  const { search } = useLocation();
  const returnTo = safeReturnTo(search.get('returnTo'));
  const ssoError = search.get('error');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session === 'signed-in') navigate(returnTo, { replace: true });
  }, [session, returnTo]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    login(email.trim(), password)
      .then((me) => {
        onSignedIn(me);
        navigate(returnTo, { replace: true });
      })
      .catch((caught: unknown) => {
        setBusy(false);
        if (caught instanceof ApiError && caught.code === 'locked')
          setError(lockedMessage(caught.retryAfter));
        else if (caught instanceof ApiError && caught.code === 'invalid_credentials')
          setError('Wrong email or password.');
        else setError(errorMessage(caught));
      });
  }

  return (
    <AuthCard title="Sign in">
      {ssoError ? <Alert>{ssoErrorMessage(ssoError)}</Alert> : null}
      {config.setupRequired ? (
        <Alert kind="info">
          Gatehouse has no administrator yet. Open the one-time setup link that the server printed when it
          first started.
        </Alert>
      ) : null}
      {config.sso.enabled ? (
        <button
          type="button"
          className="button button-primary button-block"
          onClick={() => window.location.assign(ssoStartUrl(returnTo))}
        >
          Sign in with {config.sso.label || 'single sign-on'}
        </button>
      ) : null}
      {config.sso.enabled && config.localLogin ? <p className="divider">or</p> : null}
      {config.localLogin ? (
        <form onSubmit={submit} className="stack">
          <Field label="Email">
            {(control) => (
              <input
                {...control}
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Password">
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {error ? <Alert>{error}</Alert> : null}
          <button
            type="submit"
            className={`button button-block ${config.sso.enabled ? '' : 'button-primary'}`}
            disabled={busy}
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : null}
      {!config.localLogin && !config.sso.enabled ? (
        <Alert kind="warning">No way to sign in is enabled on this deployment.</Alert>
      ) : null}
    </AuthCard>
  );
}
