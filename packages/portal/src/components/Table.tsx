import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** `num` right-aligns, `actions` keeps buttons together at the end. */
  className?: 'num' | 'actions' | 'nowrap';
}

interface TableProps<T> {
  /** Read by screen readers; hidden on screen when the section heading already says it. */
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}

/** A data table that scrolls sideways on a phone instead of squeezing its columns. */
export function Table<T>({ caption, columns, rows, rowKey }: TableProps<T>) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) => (
                <td key={i} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The last column of a list people may edit: one danger button a row, named for its row, or
 * nothing for those who may not.
 */
export function removeColumn<T>(
  show: boolean,
  text: string,
  labelOf: (row: T) => string,
  onClick: (row: T) => void,
): Column<T> {
  return {
    header: <span className="visually-hidden">Actions</span>,
    className: 'actions',
    cell: (row) =>
      show ? (
        <button
          type="button"
          className="button button-small button-danger-outline"
          aria-label={labelOf(row)}
          onClick={() => onClick(row)}
        >
          {text}
        </button>
      ) : null,
  };
}
