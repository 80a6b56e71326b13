import { type ReactNode, useEffect } from 'react';

interface PageHeaderProps {
  title: string;
  /** Small text above the title: the kind of thing, a breadcrumb link. */
  eyebrow?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}

/** The page's one h1 (focused after navigation) and its main buttons; also sets the tab title. */
export function PageHeader({ title, eyebrow, children, actions }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · Gatehouse`;
  }, [title]);
  return (
    <div className="page-header">
      <div className="page-header-text">
        {eyebrow ? <div className="eyebrow">{eyebrow}</div> : null}
        <h1 tabIndex={-1}>{title}</h1>
        {children}
      </div>
      {actions ? <div className="page-header-actions">{actions}</div> : null}
    </div>
  );
}
