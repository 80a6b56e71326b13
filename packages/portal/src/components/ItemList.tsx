import type { ReactNode } from 'react';
import { Link } from '../router';

export interface Item {
  key: string;
  /** Where the title links to. */
  to: string;
  title: string;
  badge?: ReactNode;
  code: string;
  text?: string;
  meta: ReactNode[];
}

/** The home page's lists: each item a link, its id in code, its description and a meta line. */
export function ItemList({ label, items }: { label: string; items: Item[] }) {
  return (
    <ul className="item-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="item">
          <div className="item-main">
            <div className="item-head">
              <Link to={item.to} className="item-title">
                {item.title}
              </Link>
              {item.badge}
            </div>
            <code className="item-code">{item.code}</code>
            {item.text ? <p className="item-text">{item.text}</p> : null}
          </div>
          <div className="item-meta">
            {item.meta.map((part, index) => (
              <span key={index}>{part}</span>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
