import { useEffect, useId, useRef, useState } from 'react';
import { logout } from '../api/auth';
import { useSession } from '../lib/session';
import { Link } from '../router';
import { useToast } from './toast-context';

/** The person's name opens a small menu with who they are and "Sign out". */
export function UserMenu() {
  const { me } = useSession();
  const notify = useToast();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  function signOut() {
    logout().then(
      () => window.location.assign('/login'),
      () => notify('Could not sign out. Try again.', 'error'),
    );
  }

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${me.user.name || me.user.email}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(me.user.name || me.user.email)}
        </span>
        <span className="user-menu-name">{me.user.name || me.user.email}</span>
      </button>
      <div id={menuId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-who">
          <strong>{me.user.name}</strong>
          <span>{me.user.email}</span>
          {me.user.isAdmin ? <span className="badge">Platform admin</span> : null}
        </p>
        <Link to="/account" className="button button-block" onClick={() => setOpen(false)}>
          Your account
        </Link>
        <button type="button" className="button button-block" onClick={signOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).slice(0, 2);
  return parts.map((p) => p.charAt(0).toUpperCase()).join('') || '?';
}
