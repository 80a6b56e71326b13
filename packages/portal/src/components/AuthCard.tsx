import { type ReactNode, useEffect } from 'react';

/** The centred card of the sign-in and first-run pages, outside the signed-in layout. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Gatehouse`;
  }, [title]);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand" aria-hidden="true">
          <svg viewBox="0 0 16 16" width="28" height="28">
            <rect width="16" height="16" rx="3" fill="currentColor" />
            <path d="M4 13V6l4-3 4 3v7H9.5V9h-3v4z" fill="#fff" />
          </svg>
          Gatehouse
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
