import type { ReactNode } from 'react';

interface AlertProps {
  children: ReactNode;
  kind?: 'error' | 'warning' | 'info' | 'success';
}

/** A message inside the page; errors are announced as soon as they appear. */
export function Alert({ children, kind = 'error' }: AlertProps) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
