/**
 * A sortable table with keyboard navigation: Tab reaches the table, Arrow Up/Down (and Home/End) move between
 * rows, Enter opens the focused row. Headers sort on click or Enter, and say how they sort (aria-sort).
 */
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** The value to sort by; columns without one do not sort. */
  readonly sortValue?: (row: T) => number | string;
  readonly align?: 'left' | 'right';
  /** Text for screen readers when the header is an abbreviation. */
  readonly title?: string;
}

export interface DataTableProps<T> {
  readonly caption: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly initialSort?: { key: string; descending: boolean };
  readonly onActivate?: (row: T) => void;
  readonly selectedKey?: string | null;
  readonly emptyText?: string;
  readonly maxRows?: number;
  readonly testId?: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, rows, columns, rowKey, onActivate, selectedKey, emptyText, maxRows, testId } = props;
  const [sort, setSort] = useState(props.initialSort ?? null);
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);

  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const order = va < vb ? -1 : va > vb ? 1 : 0;
      return sort.descending ? -order : order;
    });
  }, [rows, columns, sort]);
  const shown = maxRows !== undefined ? sorted.slice(0, maxRows) : sorted;

  const focusRow = (index: number): void => {
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    setFocused(clamped);
    body.current?.querySelectorAll<HTMLTableRowElement>('tr')[clamped]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: T): void => {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: shown.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    } else if (event.key === 'Enter' && onActivate) {
      event.preventDefault();
      onActivate(row);
    }
  };

  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort.descending ? 'descending' : 'ascending') : 'none';
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.align === 'right' ? 'num' : undefined}
                  aria-sort={c.sortValue ? ariaSort : undefined}
                  title={c.title}
                >
                  {c.sortValue ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={() =>
                        setSort({ key: c.key, descending: active ? !sort.descending : c.align === 'right' })
                      }
                    >
                      {c.header}
                      <span aria-hidden="true" className="sort-mark">
                        {active ? (sort.descending ? '▼' : '▲') : ''}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={body}>
          {shown.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {emptyText ?? 'Nothing to show.'}
              </td>
            </tr>
          ) : (
            shown.map((row, index) => {
              const key = rowKey(row);
              return (
                <tr
                  key={key}
                  tabIndex={index === Math.min(focused, shown.length - 1) ? 0 : -1}
                  aria-current={key === selectedKey ? 'true' : undefined}
                  className={
                    [onActivate ? 'clickable' : '', key === selectedKey ? 'selected' : ''].join(' ').trim() ||
                    undefined
                  }
                  onClick={() => {
                    setFocused(index);
                    onActivate?.(row);
                  }}
                  onKeyDown={(e) => onKeyDown(e, index, row)}
                >
                  {columns.map((c) => (
                    <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
      {maxRows !== undefined && sorted.length > maxRows && (
        <p className="table-note">
          Showing {maxRows} of {sorted.length} rows.
        </p>
      )}
    </div>
  );
}
